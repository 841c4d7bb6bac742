package verify_test

// securitySection ends docs/verification.md (written by TestAgreement with
// -update): what verify executes, as whom, and what it refuses. The
// refusals are the hostile cases of test/hostile, which check them.
const securitySection = `
## Security

A pre-merge gate runs ` + "`rbcheck verify`" + ` on code from pull requests, so verify treats the
repository's SQL as untrusted.

**What it executes.** The SQL of both releases' migrations (and the ` + "`schema`" + ` baseline), statement by
statement the way their tool would; the constant SQL the new release runs from Go code as schema
changes (read from the source by ` + "`internal/gomig`" + `), applied the same way, as the same role, under the
same timeouts; and ` + "`PREPARE`" + ` + ` + "`EXPLAIN EXECUTE`" + ` of the old code's statements
(planned, not run, in a rolled-back transaction; planning may evaluate immutable functions the
migrations defined). It never builds or runs the repository's Go code.

**As whom.** In a scratch database ` + "`rbcheck_verify_<server epoch>_<random>`" + ` it creates from
` + "`template0`" + ` and closes to ` + "`PUBLIC`" + `, as a role of the same name it creates: ` + "`LOGIN`" + `, no
` + "`SUPERUSER`" + `, ` + "`CREATEDB`" + `, ` + "`CREATEROLE`" + `, ` + "`REPLICATION`" + ` or ` + "`BYPASSRLS`" + `, a member of no role, a random
password valid for a day. The role owns the scratch database (and what the migrations create in it)
and nothing else. The connection verify is given only creates and drops that database and role:

- ` + "`--dsn`" + ` must connect as a role with ` + "`CREATEDB`" + ` and ` + "`CREATEROLE`" + `; a superuser is refused unless
  ` + "`--dsn-superuser-ok`" + ` (the migrations still run as the scratch role). The DSN's user is made a
  member of the scratch role (to make it the database's owner and drop it), never the other way
  round, and the DSN's own database is only used to connect. The server's ` + "`pg_hba.conf`" + ` must let
  roles named ` + "`rbcheck_verify_*`" + ` log in with a password.
- Without ` + "`--dsn`" + `, verify starts a throwaway cluster: ` + "`initdb`" + ` and ` + "`postgres`" + ` run as children of
  rbcheck (in their own process group, with a parent-death signal) in a private directory under
  ` + "`$TMPDIR`" + `, with no TCP port (` + "`listen_addresses`" + ` empty) and the Unix socket in that directory
  (mode 0700). As root the server runs as the system user ` + "`rbcheck-verify`" + ` (created with
  ` + "`useradd --system`" + ` when missing: no home, no shell, no supplementary groups), never as root and never as
  ` + "`postgres`" + `, which owns the machine's real clusters; as any other user, as that user. The cluster's
  superuser only creates the scratch database and role.

**What it refuses.** A migration that needs more is stopped by Postgres with SQLSTATE 42501 and
reported as *this migration needs privileges verify does not grant* (` + "`needs_privileges`" + ` in JSON); the
Postgres verdict is then ` + "`unknown`" + ` and verify exits 2, never rollback-safe:

| the migration runs | under verify (PostgreSQL 15) |
|---|---|
| ` + "`COPY … TO PROGRAM 'cmd'`" + ` | 42501 must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program |
| ` + "`COPY … TO '/path'`" + ` | 42501 must be superuser or have privileges of the pg_write_server_files role to COPY to a file |
| ` + "`pg_read_file('/etc/passwd')`" + ` | 42501 permission denied for function pg_read_file |
| ` + "`ALTER SYSTEM SET …`" + ` | 42501 permission denied to set parameter |
| ` + "`CREATE ROLE …`" + `, ` + "`… SUPERUSER`" + ` | 42501 permission denied to create role; must be superuser to create superusers |
| ` + "`ALTER ROLE app SUPERUSER`" + `, ` + "`DROP ROLE app`" + ` | 42501 must be superuser to alter superuser roles or change superuser attribute; permission denied to drop role |
| ` + "`SET ROLE <superuser>`" + ` | 42501 permission denied to set role |
| ` + "`CREATE DATABASE`" + `, ` + "`DROP DATABASE appdb`" + ` | 42501 permission denied to create database; must be owner of database appdb |
| ` + "`pg_terminate_backend`" + ` of other sessions | 42501 must be a superuser to terminate superuser process (the superuser's and the ` + "`--dsn`" + ` user's sessions survive) |
| ` + "`pg_terminate_backend(pg_backend_pid())`" + ` | its own session ends (57P01): the migration fails, the scratch database and role are still dropped |
| ` + "`CREATE FUNCTION … LANGUAGE c`" + ` (or another untrusted language) | 42501 permission denied for language c |
| ` + "`SELECT pg_sleep(3600)`" + ` | 57014 canceling statement due to statement timeout (` + "`--statement-timeout`" + `, default 5m) |
| ` + "`SET statement_timeout = 0`" + ` then a long statement | stopped by verify's own deadline (the statements' count times the timeout) |

What a database owner may do works: trusted extensions (` + "`pgcrypto`" + `), schemas, comments, grants.
Connecting gives up after ` + "`--connect-timeout`" + ` (default 10s, or the DSN's ` + "`connect_timeout`" + `): a
server that accepts the connection and never answers does not hang verify.

**Cleanup.** The scratch database and role (dropped through a fresh connection, ` + "`WITH (FORCE)`" + `, so a
migration that ends sessions cannot keep them), the throwaway cluster (its server stopped and waited
for) and the temporary folders of extracted revisions are registered as they are made; on SIGINT,
SIGTERM and SIGHUP rbcheck removes them, says what it removed, and exits 130, 143 or 129. After a
SIGKILL the next run removes what was left: clusters and folders whose lock file no process holds
(their servers went down with rbcheck), and scratch databases and roles older than an hour and
unused, or older than a day.

**Limits.** The sandbox is PostgreSQL's privilege system: a server bug that lets a non-superuser
escalate escapes it, so point ` + "`--dsn`" + ` at a dedicated, patched server, never a production one. A
migration can use CPU and disk up to the timeouts, and can see other sessions' process ids and user
names in ` + "`pg_stat_activity`" + `. Run as a developer, the throwaway cluster runs as the developer.
`
