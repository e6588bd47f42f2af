package endpoints

import (
	"errors"
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
// returns the partitions in document order (aws first). The embedded
// document is generated and checked by codegen and by TestEmbeddedData,
// so it is not validated again here.
func loadPartitions() ([]*partitionData, error) {
	loadOnce.Do(func() { partsCache, loadErr = parsePartitions(endpointsJSON, true) })
	return partsCache, loadErr
}

// parsePartitions reads an endpoints.json document (version 3); trusted
// skips the validation of the whole document.
func parsePartitions(doc []byte, trusted bool) ([]*partitionData, error) {
	if !trusted && !gjson.ValidBytes(doc) {
		return nil, fmt.Errorf("endpoints data: not valid JSON")
	}
	var out []*partitionData
	var version int64
	src := string(doc)
	_, err := members(src, 0, func(key string, i int) (int, error) {
		switch key {
		case "version":
			v, e, err := value(src, i)
			version = v.Int()
			return e, err
		case "partitions":
			return elements(src, i, func(i int) (int, error) {
				pd, e, err := parsePartition(src, i, len(out))
				if err == nil {
					out = append(out, pd)
				}
				return e, err
			})
		}
		return valueEnd(src, i)
	})
	switch {
	case err != nil && errors.Is(err, errScan):
		return nil, fmt.Errorf("endpoints data: not valid JSON")
	case err != nil:
		return nil, err
	case version != 3:
		return nil, fmt.Errorf("endpoints data: version %d, want 3", version)
	case len(out) == 0:
		return nil, fmt.Errorf("endpoints data: no partitions")
	}
	return out, nil
}

func parsePartition(s string, i, n int) (*partitionData, int, error) {
	pd := &partitionData{regions: map[string]bool{}, services: map[string]gjson.Result{}}
	var regionRegex string
	end, err := members(s, i, func(k string, i int) (int, error) {
		switch k {
		case "regions":
			return members(s, i, func(r string, i int) (int, error) {
				pd.regions[r] = true
				return valueEnd(s, i)
			})
		case "services":
			return members(s, i, func(name string, i int) (int, error) {
				v, e, err := value(s, i)
				pd.services[name] = v
				return e, err
			})
		}
		v, e, err := value(s, i)
		switch k {
		case "partition":
			pd.id = v.String()
		case "dnsSuffix":
			pd.dnsSuffix = v.String()
		case "defaults":
			pd.defaults = v
		case "regionRegex":
			regionRegex = v.String()
		}
		return e, err
	})
	if err != nil {
		return nil, 0, err
	}
	if pd.id == "" || pd.dnsSuffix == "" {
		return nil, 0, fmt.Errorf("endpoints data: partition %d has no id or dnsSuffix", n)
	}
	re, err := regexp.Compile(regionRegex)
	if err != nil {
		return nil, 0, fmt.Errorf("endpoints data: partition %s: regionRegex: %v", pd.id, err)
	}
	pd.regionRegex = re
	if v, ok := findVariant(pd.defaults, variantTags{dualStack: true}); ok {
		pd.dualStack = v.Get("dnsSuffix").String()
	}
	return pd, end, nil
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
