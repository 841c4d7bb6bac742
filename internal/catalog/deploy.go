package catalog

// Deploy marks every object of the catalog as Existing: what the replayed
// migrations created is now deployed and has readers. The first Deploy of
// a catalog (and of each Clone) walks the whole schema; later ones visit
// only what Apply created (or renamed into) with Origin New since the
// previous Deploy, so calling Deploy after each of n files costs time
// proportional to what the files create, not n times the schema size. Objects put into the maps
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
		c.deployMaps()
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
		for _, fk := range c.freshKeys {
			if o, ok := fk.m[fk.k]; ok && o != Existing {
				fk.m[fk.k] = Existing
			}
		}
	}
	clear(c.freshTables)
	c.freshTables = c.freshTables[:0]
	clear(c.freshIndexes)
	c.freshIndexes = c.freshIndexes[:0]
	clear(c.freshEnums)
	c.freshEnums = c.freshEnums[:0]
	clear(c.freshKeys)
	c.freshKeys = c.freshKeys[:0]
}

// deployMaps marks every entry of the name → origin maps Existing.
func (c *Catalog) deployMaps() {
	for _, m := range []map[string]Origin{c.Sequences, c.Functions, c.Schemas, c.Types} {
		for k, o := range m {
			if o != Existing {
				m[k] = Existing
			}
		}
	}
}

// freshKey is an entry of a name → origin map (Sequences, Functions,
// Schemas, Types) that was set to New.
type freshKey struct {
	m map[string]Origin
	k string
}

// setOrigin sets m[k] = o, recording a New entry for Deploy.
func (c *Catalog) setOrigin(m map[string]Origin, k string, o Origin) {
	m[k] = o
	if c.tracked && o == New {
		c.freshKeys = append(c.freshKeys, freshKey{m, k})
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
