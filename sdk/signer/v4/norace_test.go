//go:build !race

package v4

const raceEnabled = false
