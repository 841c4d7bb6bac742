//go:build !linux

package main

import "errors"

func realTime() error { return errors.New("only on Linux") }
