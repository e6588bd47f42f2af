package model

import (
	"regexp"
	"strings"
	"sync"
)

// XformName turns a CamelCase operation name into botocore's snake_case
// (botocore.xform_name): "SendMessage" -> "send_message",
// "DescribeDBInstances" -> "describe_db_instances".
func XformName(name string) string {
	if strings.Contains(name, "_") {
		return name
	}
	if v, ok := xformSpecial[name]; ok {
		return v
	}
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 || name[i] == '\n' {
			return xformRegexp(name)
		}
	}
	// botocore's three regular expressions, applied by hand (xformRegexp
	// is the reference): loading ec2's model names hundreds of operations.
	if k := upperRunBeforeS(name); k >= 3 {
		cut := len(name) - 1 - k
		name = name[:cut] + "_" + strings.ToLower(name[cut:])
	}
	s := string(subEndCap(subFirstCap([]byte(name))))
	s = strings.ToLower(s)
	for _, r := range partialRenames {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

// xformRegexp is XformName as botocore writes it, with regular expressions.
func xformRegexp(name string) string {
	re := xformRes()
	if m := re.specialCase.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + "_" + strings.ToLower(m)
	}
	s := re.firstCap.ReplaceAllString(name, "${1}_${2}")
	s = strings.ToLower(re.endCap.ReplaceAllString(s, "${1}_${2}"))
	for _, r := range partialRenames {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// upperRunBeforeS is the length of the run of capitals before a final "s"
// (botocore's [A-Z]{3,}s$ matches when it is 3 or more).
func upperRunBeforeS(s string) int {
	if len(s) == 0 || s[len(s)-1] != 's' {
		return 0
	}
	k := 0
	for i := len(s) - 2; i >= 0 && isUpper(s[i]); i-- {
		k++
	}
	return k
}

// subFirstCap is botocore's (.)([A-Z][a-z]+), replaced by "${1}_${2}".
func subFirstCap(s []byte) []byte {
	out := make([]byte, 0, len(s)+8)
	last := 0
	for i := 0; i+2 < len(s); {
		if !isUpper(s[i+1]) || !isLower(s[i+2]) {
			i++
			continue
		}
		end := i + 3
		for end < len(s) && isLower(s[end]) {
			end++
		}
		out = append(out, s[last:i+1]...)
		out = append(out, '_')
		out = append(out, s[i+1:end]...)
		last, i = end, end
	}
	return append(out, s[last:]...)
}

// subEndCap is botocore's ([a-z0-9])([A-Z]), replaced by "${1}_${2}".
func subEndCap(s []byte) []byte {
	out := make([]byte, 0, len(s)+8)
	last := 0
	for i := 0; i+1 < len(s); {
		if c := s[i]; (isLower(c) || c >= '0' && c <= '9') && isUpper(s[i+1]) {
			out = append(out, s[last:i+1]...)
			out = append(out, '_', s[i+1])
			last, i = i+2, i+2
			continue
		}
		i++
	}
	return append(out, s[last:]...)
}

// botocore's regular expressions, compiled on first use (xformRegexp
// serves only rare names; compiling them at load cost every process).
var xformRes = sync.OnceValue(func() (r struct{ firstCap, endCap, specialCase *regexp.Regexp }) {
	r.firstCap = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	r.endCap = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	r.specialCase = regexp.MustCompile(`[A-Z]{3,}s$`)
	return r
})

var (
	// Names botocore pins by hand because the rules above mangle them.
	xformSpecial = map[string]string{
		"CreateCachediSCSIVolume":      "create_cached_iscsi_volume",
		"DescribeCachediSCSIVolumes":   "describe_cached_iscsi_volumes",
		"DescribeStorediSCSIVolumes":   "describe_stored_iscsi_volumes",
		"CreateStorediSCSIVolume":      "create_stored_iscsi_volume",
		"ListHITsForQualificationType": "list_hits_for_qualification_type",
	}
	partialRenames = [][2]string{{"ipv_6", "ipv6"}, {"s_3_resources", "s3_resources"}}
)
