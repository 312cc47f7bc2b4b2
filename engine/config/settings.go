package config

import (
	"fmt"
	"time"
)

// Job settings (SET 'key' = 'value') that the runtime reads, Flink's keys.
const (
	SettingCheckpointInterval = "execution.checkpointing.interval"
	SettingStateTTL           = "table.exec.state.ttl"
)

// MinCheckpointInterval is Flink's CheckpointConfig.MINIMAL_CHECKPOINT_TIME.
const MinCheckpointInterval = 10 * time.Millisecond

// CheckpointInterval reads 'execution.checkpointing.interval' (0 if unset)
// as Flink does: below 10 ms is an error (CheckpointConfig.setCheckpointInterval).
func CheckpointInterval(settings map[string]string) (time.Duration, error) {
	v, ok := settings[SettingCheckpointInterval]
	if !ok {
		return 0, nil
	}
	d, err := ParseDuration(v)
	if err == nil && d < MinCheckpointInterval {
		err = fmt.Errorf("Checkpoint interval must be larger than or equal to %d ms, not %q", MinCheckpointInterval.Milliseconds(), v)
	}
	if err != nil {
		return 0, fmt.Errorf("SET '%s': %w", SettingCheckpointInterval, err)
	}
	return d, nil
}

// StateTTL reads 'table.exec.state.ttl' (Flink's default 0: keep forever).
func StateTTL(settings map[string]string) (time.Duration, error) {
	v, ok := settings[SettingStateTTL]
	if !ok {
		return 0, nil
	}
	d, err := ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("SET '%s': %w", SettingStateTTL, err)
	}
	return d, nil
}

// CheckSettings makes every check the runtime makes on a job's settings,
// so that explain rejects what run would.
func CheckSettings(settings map[string]string) error {
	if _, err := CheckpointInterval(settings); err != nil {
		return err
	}
	_, err := StateTTL(settings)
	return err
}
