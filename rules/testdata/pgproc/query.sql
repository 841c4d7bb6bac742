-- The functions a column default may call, with their volatility, from the
-- catalog of the server it runs on: one line per distinct
-- name<TAB>provolatile<TAB>source (i immutable, s stable, v volatile; source
-- "core" for pg_catalog, else the extension the function belongs to), after a
-- first line "# version()". Functions that take or return internal, cstring
-- or a handler or trigger type cannot be called in a default and are left
-- out. rules/internal/genvolatility runs it; so does pglite.mjs.
SELECT line FROM (
  SELECT 0 AS k, '# ' || version() AS line
  UNION ALL
  SELECT DISTINCT 1, p.proname || E'\t' || p.provolatile::text || E'\t' || coalesce(e.extname, 'core')
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  LEFT JOIN pg_extension e ON e.oid = d.refobjid
  WHERE p.prokind = 'f'
    AND (n.nspname = 'pg_catalog' OR e.oid IS NOT NULL)
    AND NOT EXISTS (
      SELECT 1 FROM unnest(p.proargtypes::oid[] || p.prorettype) AS t(oid)
      WHERE t.oid IN ('internal'::regtype, 'cstring'::regtype, 'trigger'::regtype, 'event_trigger'::regtype,
        'language_handler'::regtype, 'fdw_handler'::regtype, 'index_am_handler'::regtype,
        'table_am_handler'::regtype, 'tsm_handler'::regtype))
) s ORDER BY k, line
