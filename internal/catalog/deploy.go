package catalog

// Deploy marks every object of the catalog as Existing: what the replayed
// migrations created is now deployed and has readers. The first Deploy of
// a catalog (and of each Clone) walks the whole schema; later ones visit
// only what Apply created with Origin New since the previous Deploy, so
// calling Deploy after each of n files costs time proportional to what the
// files create, not n times the schema size. Objects put into the maps
// directly, without Apply, are only seen by the first Deploy.
func (c *Catalog) Deploy() {
	if !c.tracked {
		for _, m := range []map[string]*Table{c.Tables, c.Views} {
			for _, t := range m {
				deployTable(t)
			}
		}
		for _, ix := range c.Indexes {
			ix.Origin = Existing
		}
		for _, e := range c.Enums {
			e.Origin = Existing
		}
		c.tracked = true
	} else {
		for _, t := range c.freshTables {
			deployTable(t)
		}
		for _, ix := range c.freshIndexes {
			ix.Origin = Existing
		}
		for _, e := range c.freshEnums {
			e.Origin = Existing
		}
	}
	clear(c.freshTables)
	c.freshTables = c.freshTables[:0]
	clear(c.freshIndexes)
	c.freshIndexes = c.freshIndexes[:0]
	clear(c.freshEnums)
	c.freshEnums = c.freshEnums[:0]
	// Origins kept by name: renames move them between keys, so these
	// (small, flat) maps are walked every time.
	for _, m := range []map[string]Origin{c.Sequences, c.Functions, c.Schemas, c.Types} {
		for k, o := range m {
			if o != Existing {
				m[k] = Existing
			}
		}
	}
}

func deployTable(t *Table) {
	t.Origin = Existing
	for _, col := range t.Columns {
		col.Origin = Existing
	}
	for _, con := range t.Constraints {
		con.Origin = Existing
	}
}

// bornTable records that t got a table, column or constraint of the given
// origin (see Deploy).
func (c *Catalog) bornTable(t *Table, origin Origin) {
	if !c.tracked || origin != New {
		return
	}
	if n := len(c.freshTables); n > 0 && c.freshTables[n-1] == t {
		return
	}
	c.freshTables = append(c.freshTables, t)
}

func (c *Catalog) bornIndex(ix *Index) {
	if c.tracked && ix.Origin == New {
		c.freshIndexes = append(c.freshIndexes, ix)
	}
}

func (c *Catalog) bornEnum(e *Enum) {
	if c.tracked && e.Origin == New {
		c.freshEnums = append(c.freshEnums, e)
	}
}
