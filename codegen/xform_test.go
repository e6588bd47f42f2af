package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// botocore's xform_name, written with its regular expressions, as the
// reference for model.XformName (which applies them by hand, for speed).
var (
	refSpecialCase = regexp.MustCompile(`[A-Z]{3,}s$`)
	refFirstCap    = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	refEndCap      = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	refSpecial     = map[string]string{
		"CreateCachediSCSIVolume":      "create_cached_iscsi_volume",
		"DescribeCachediSCSIVolumes":   "describe_cached_iscsi_volumes",
		"DescribeStorediSCSIVolumes":   "describe_stored_iscsi_volumes",
		"CreateStorediSCSIVolume":      "create_stored_iscsi_volume",
		"ListHITsForQualificationType": "list_hits_for_qualification_type",
	}
)

func refXform(name string) string {
	if strings.Contains(name, "_") {
		return name
	}
	if v, ok := refSpecial[name]; ok {
		return v
	}
	if m := refSpecialCase.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + "_" + strings.ToLower(m)
	}
	s := refFirstCap.ReplaceAllString(name, "${1}_${2}")
	s = strings.ToLower(refEndCap.ReplaceAllString(s, "${1}_${2}"))
	return strings.ReplaceAll(strings.ReplaceAll(s, "ipv_6", "ipv6"), "s_3_resources", "s3_resources")
}

// TestXformNameMatchesBotocore compares model.XformName with the regular
// expressions on every operation, shape and member name of the pinned
// models and on awkward made-up names.
func TestXformNameMatchesBotocore(t *testing.T) {
	names := []string{"", "A", "AB", "ABs", "ABCs", "GetABCs", "ListAWSAccounts", "Aa", "aA", "a1B", "X1Y2Zz",
		"HTTPSProxy", "Describe2FA", "GetIPv6Pool", "ListS3Resources", "Über", "MyÜberThing", "A\nBc", "AbCdEfGhIJKLs"}
	models := testModels(t)
	dirs, err := os.ReadDir(models)
	require.NoError(t, err)
	n := 0
	for _, d := range dirs {
		if !d.IsDir() || testing.Short() && n > 20 {
			continue
		}
		src, err := loadSource(models, botocoreName(d.Name()))
		if err != nil {
			continue // shadowed by a renamed folder ("events")
		}
		n++
		api := gjson.ParseBytes(src.API)
		for _, section := range []string{"operations", "shapes"} {
			api.Get(section).ForEach(func(k, v gjson.Result) bool {
				names = append(names, k.String())
				v.Get("members").ForEach(func(m, _ gjson.Result) bool {
					names = append(names, m.String())
					return true
				})
				return true
			})
		}
	}
	bad := 0
	for _, name := range names {
		if got, want := model.XformName(name), refXform(name); got != want {
			assert.Equal(t, want, got, "XformName(%q)", name)
			if bad++; bad > 20 {
				t.Fatal("too many differences")
			}
		}
	}
	t.Logf("%d names from %d models", len(names), n)
}
