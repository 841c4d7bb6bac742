package analyzer

// The sink table, derived from the library descriptors
// (analyzer/internal/libs): every library call whose argument is SQL text,
// indexed by package path, receiver type name and method. Methods of any
// other type or interface with the same name and parameter shape (sqlc's
// DBTX, a repository's own DB interface) are matched by shape.

import (
	"sync"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// argUse is what a sink does with its SQL argument.
type argUse = libs.ArgUse

const (
	useSQL  = libs.SQL  // a whole statement
	usePass = libs.Pass // returns the argument rewritten (Rebind): fold through it
)

type sinkSpec struct {
	arg int
	use argUse
	via string
}

// shape is a library's method shape (see libs.Shape) with its library.
type shape struct {
	libs.Shape
	via string
}

// shapesByName indexes every library's shapes by method name.
var shapesByName = sync.OnceValue(func() map[string][]shape {
	m := map[string][]shape{}
	for _, l := range libs.All() {
		for _, s := range l.Shapes {
			m[s.Method] = append(m[s.Method], shape{s, l.Name})
		}
	}
	return m
})

// knownDBPkgs are packages whose types in a method signature make a
// shape-matched method a certain database call: those of libraries with
// sinks.
var knownDBPkgs = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range libs.All() {
		if len(l.Sinks) == 0 {
			continue
		}
		for _, p := range l.Paths {
			m[p] = true
		}
	}
	return m
})

// sinkIndex maps pkg path → receiver ("" for functions) → method → spec.
type sinkIndex map[string]map[string]map[string]sinkSpec

var defaultSinks = sync.OnceValue(func() sinkIndex {
	idx := sinkIndex{}
	for _, l := range libs.All() {
		for _, s := range l.Sinks {
			recvs := s.Recvs
			if recvs == nil {
				recvs = []string{""}
			}
			for _, p := range l.Paths {
				if idx[p] == nil {
					idx[p] = map[string]map[string]sinkSpec{}
				}
				for _, rv := range recvs {
					if idx[p][rv] == nil {
						idx[p][rv] = map[string]sinkSpec{}
					}
					for _, m := range s.Methods {
						idx[p][rv][m] = sinkSpec{arg: s.Arg, use: s.Use, via: l.Name}
					}
				}
			}
		}
	}
	return idx
})

// sqlMethodNames: every method name that is a SQL sink somewhere, with the
// candidate SQL argument indexes in library order, for calls whose
// receiver type is unknown (the fast driver without dependencies).
var sqlMethodNames = sync.OnceValue(func() map[string][]int {
	m := map[string][]int{}
	addIdx := func(name string, i int) {
		for _, x := range m[name] {
			if x == i {
				return
			}
		}
		m[name] = append(m[name], i)
	}
	for _, l := range libs.All() {
		for _, s := range l.Sinks {
			if s.Use == useSQL && s.Recvs != nil {
				for _, name := range s.Methods {
					addIdx(name, s.Arg)
				}
			}
		}
	}
	return m
})
