package expr

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	// Zone names must resolve the same on every machine, with or without
	// the system's zoneinfo files.
	_ "time/tzdata"
)

// customZone is Flink's custom zone id: GMT+8, GMT-08:00, UTC+05:30.
var customZone = regexp.MustCompile(`^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$`)

// SessionZone reads 'table.local-time-zone' as Flink does: "default" (or
// empty) is the machine's zone, otherwise a full zone name
// ("America/Los_Angeles", "UTC") or a custom id ("GMT-08:00"). Flink
// refuses abbreviations such as "PST" and raw offsets such as "+08:00".
func SessionZone(id string) (*time.Location, error) {
	switch id {
	case "", "default":
		return time.Local, nil
	case "UTC", "GMT", "Z":
		return time.UTC, nil
	}
	if m := customZone.FindStringSubmatch(id); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins := 0
		if m[3] != "" {
			mins, _ = strconv.Atoi(m[3])
		}
		if h > 18 || mins > 59 {
			return nil, zoneError(id)
		}
		off := h*3600 + mins*60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(id, off), nil
	}
	if !strings.Contains(id, "/") {
		return nil, zoneError(id)
	}
	loc, err := time.LoadLocation(id)
	if err != nil {
		return nil, zoneError(id)
	}
	return loc, nil
}

func zoneError(id string) error {
	return fmt.Errorf("The supported Zone ID is either a full name such as 'America/Los_Angeles', "+
		"or a custom timezone id such as 'GMT-08:00', but configured Zone ID is '%s'", id)
}
