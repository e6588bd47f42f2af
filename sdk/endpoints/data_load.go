package endpoints

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/tidwall/gjson"
)

// This file loads the embedded endpoints.json (see data.go) once, on first
// use, into the few indexes resolution needs; everything else stays raw
// gjson and is read on demand.

// partitionData is one partition of endpoints.json.
type partitionData struct {
	id          string
	dnsSuffix   string
	dualStack   string // dnsSuffix of the defaults' ["dualstack"] variant
	regionRegex *regexp.Regexp
	regions     map[string]bool
	defaults    gjson.Result            // the partition's "defaults" object
	services    map[string]gjson.Result // service key -> service object
}

var (
	loadOnce   sync.Once
	partsCache []*partitionData
	loadErr    error
)

// loadPartitions parses the embedded document on the first call and
// returns the partitions in document order (aws first).
func loadPartitions() ([]*partitionData, error) {
	loadOnce.Do(func() { partsCache, loadErr = parsePartitions(endpointsJSON) })
	return partsCache, loadErr
}

// parsePartitions reads an endpoints.json document (version 3).
func parsePartitions(doc []byte) ([]*partitionData, error) {
	if !gjson.ValidBytes(doc) {
		return nil, fmt.Errorf("endpoints data: not valid JSON")
	}
	root := gjson.ParseBytes(doc)
	if v := root.Get("version").Int(); v != 3 {
		return nil, fmt.Errorf("endpoints data: version %d, want 3", v)
	}
	var out []*partitionData
	for i, p := range root.Get("partitions").Array() {
		pd := &partitionData{
			id:        p.Get("partition").String(),
			dnsSuffix: p.Get("dnsSuffix").String(),
			regions:   map[string]bool{},
			defaults:  p.Get("defaults"),
			services:  map[string]gjson.Result{},
		}
		if pd.id == "" || pd.dnsSuffix == "" {
			return nil, fmt.Errorf("endpoints data: partition %d has no id or dnsSuffix", i)
		}
		re, err := regexp.Compile(p.Get("regionRegex").String())
		if err != nil {
			return nil, fmt.Errorf("endpoints data: partition %s: regionRegex: %v", pd.id, err)
		}
		pd.regionRegex = re
		p.Get("regions").ForEach(func(k, _ gjson.Result) bool {
			pd.regions[k.String()] = true
			return true
		})
		p.Get("services").ForEach(func(k, v gjson.Result) bool {
			pd.services[k.String()] = v
			return true
		})
		if v, ok := findVariant(pd.defaults, variantTags{dualStack: true}); ok {
			pd.dualStack = v.Get("dnsSuffix").String()
		}
		out = append(out, pd)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("endpoints data: no partitions")
	}
	return out, nil
}

// variantTags is the set of variant tags asked for.
type variantTags struct{ fips, dualStack bool }

func (v variantTags) none() bool { return !v.fips && !v.dualStack }

func (v variantTags) String() string {
	switch {
	case v.fips && v.dualStack:
		return "FIPS dual-stack"
	case v.fips:
		return "FIPS"
	case v.dualStack:
		return "dual-stack"
	}
	return "default"
}

// findVariant returns the element of obj's "variants" whose tags are
// exactly want. Unknown tags make a variant unmatchable.
func findVariant(obj gjson.Result, want variantTags) (gjson.Result, bool) {
	if want.none() {
		return gjson.Result{}, false
	}
	for _, v := range obj.Get("variants").Array() {
		var got variantTags
		known := true
		for _, t := range v.Get("tags").Array() {
			switch t.String() {
			case "fips":
				got.fips = true
			case "dualstack":
				got.dualStack = true
			default:
				known = false
			}
		}
		if known && got == want {
			return v, true
		}
	}
	return gjson.Result{}, false
}

// partitionByID returns the partition with the given id, or nil.
func partitionByID(parts []*partitionData, id string) *partitionData {
	for _, p := range parts {
		if p.id == id {
			return p
		}
	}
	return nil
}

// matchPartition returns the partition of region for service: the first
// whose service lists region as an endpoint, or whose regions list it, or
// whose regionRegex matches it; else aws (the first partition if there is
// no aws). service may be "".
func matchPartition(parts []*partitionData, service, region string) *partitionData {
	for _, p := range parts {
		if service != "" {
			if s, ok := p.services[service]; ok && s.Get("endpoints").Get(gjson.Escape(region)).Exists() {
				return p
			}
		}
		if p.regions[region] || p.regionRegex.MatchString(region) {
			return p
		}
	}
	if p := partitionByID(parts, "aws"); p != nil {
		return p
	}
	return parts[0]
}
