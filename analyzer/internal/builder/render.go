package builder

// Rendering a builder value as SQL text.

import "strings"

func (s *bState) render() string {
	var b []string
	from := s.from
	if s.modelTable != "" {
		t := s.modelTable
		if s.modelAlias != "" && s.kind != "insert" {
			t += ` AS "` + s.modelAlias + `"`
		}
		from = append([]string{t}, from...)
	}
	b = append(b, s.prefix...)
	where := func() {
		if len(s.where) > 0 {
			b = append(b, "WHERE "+joinWhere(s.where))
		}
	}
	switch s.kind {
	case "select":
		sel := "SELECT"
		if s.distinct {
			sel += " DISTINCT"
		}
		cols := s.cols
		if len(cols) == 0 && len(s.modelCols) > 0 && (s.lib == "bun" || s.lib == "go-pg") {
			cols = s.modelCols
		}
		if len(cols) == 0 && s.lib == "gorm" {
			cols = []string{"*"}
		}
		if len(cols) > 0 {
			sel += " " + strings.Join(cols, ", ")
		}
		b = append(b, sel)
		if len(from) > 0 {
			b = append(b, "FROM "+strings.Join(from, ", "))
		}
		b = append(b, s.joins...)
		where()
		if len(s.groupBy) > 0 {
			b = append(b, "GROUP BY "+strings.Join(s.groupBy, ", "))
		}
		if len(s.having) > 0 {
			b = append(b, "HAVING "+strings.Join(s.having, " AND "))
		}
		if len(s.orderBy) > 0 {
			b = append(b, "ORDER BY "+strings.Join(s.orderBy, ", "))
		}
		if s.limit != "" {
			b = append(b, "LIMIT "+s.limit)
		}
		if s.offset != "" {
			b = append(b, "OFFSET "+s.offset)
		}
	case "insert":
		ins := "INSERT INTO " + strings.Join(from, ", ")
		insCols := s.insCols
		if len(insCols) == 0 && (s.lib == "bun" || s.lib == "go-pg") {
			insCols = s.modelCols
		}
		if len(insCols) > 0 {
			ins += " (" + strings.Join(insCols, ", ") + ")"
		}
		b = append(b, ins)
		switch {
		case s.insSel != "":
			b = append(b, s.insSel)
		case len(s.values) > 0:
			var rows []string
			for _, r := range s.values {
				rows = append(rows, "("+strings.Join(r, ", ")+")")
			}
			b = append(b, "VALUES "+strings.Join(rows, ", "))
		case len(insCols) > 0:
			var r []string
			for range insCols {
				r = append(r, "?")
			}
			b = append(b, "VALUES ("+strings.Join(r, ", ")+")")
		default:
			b = append(b, "DEFAULT VALUES")
		}
		if s.onConflict != "" {
			// bun: On("CONFLICT (id) DO UPDATE").Set("x = EXCLUDED.x")
			b = append(b, "ON "+s.onConflict)
			if len(s.sets) > 0 && strings.Contains(strings.ToUpper(s.onConflict), "DO UPDATE") {
				b = append(b, "SET "+strings.Join(s.sets, ", "))
			}
		}
	case "update":
		b = append(b, "UPDATE "+strings.Join(from, ", "))
		sets := s.sets
		if len(sets) == 0 && (s.lib == "bun" || s.lib == "go-pg") {
			for _, c := range s.modelCols {
				sets = append(sets, c+" = ?")
			}
		}
		if len(sets) > 0 {
			b = append(b, "SET "+strings.Join(sets, ", "))
		}
		if len(s.joins) > 0 {
			b = append(b, "FROM "+strings.Join(s.joins, ", "))
		}
		where()
	case "delete":
		b = append(b, "DELETE FROM "+strings.Join(from, ", "))
		if len(s.joins) > 0 {
			b = append(b, "USING "+strings.Join(s.joins, ", "))
		}
		where()
	}
	if len(s.returning) > 0 {
		b = append(b, "RETURNING "+strings.Join(s.returning, ", "))
	}
	b = append(b, s.suffix...)
	var nb []string
	for _, p := range b {
		if p = strings.TrimSpace(p); p != "" {
			nb = append(nb, p)
		}
	}
	return bqDollar(strings.Join(nb, " "))
}

// joinWhere joins conditions each prefixed by its connective ("AND x",
// "OR y"), dropping the first one's.
func joinWhere(where []string) string {
	var w strings.Builder
	for i, p := range where {
		conn, rest, _ := strings.Cut(p, " ")
		if i > 0 {
			w.WriteString(" " + conn + " ")
		}
		w.WriteString(rest)
	}
	return w.String()
}
