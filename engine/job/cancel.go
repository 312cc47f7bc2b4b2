package job

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/sluice-sql/sluice/connectors"
	"github.com/sluice-sql/sluice/engine/config"
)

// LoadContext is Load that returns as soon as ctx is done (SIGTERM,
// Ctrl-C), however long parsing and planning would still take: reading,
// parsing and planning run in a goroutine that is abandoned then. They touch
// nothing outside the process, and every caller exits on that error. The
// parser is handed ctx too, so that an abandoned parse of a huge file stops
// instead of running on.
func LoadContext(ctx context.Context, spec Spec, registry *connectors.Registry, logger *zap.Logger) (*Job, error) {
	return untilDone(ctx, "loading the job", func() (*Job, error) { return load(ctx, spec, registry, logger) })
}

// LoadPropertiesContext is LoadProperties that returns as soon as ctx is done
// (a properties "file" can be a pipe that never ends).
func LoadPropertiesContext(ctx context.Context, spec Spec) (*config.Properties, error) {
	return untilDone(ctx, "reading the application properties", func() (*config.Properties, error) {
		props, _, err := LoadProperties(spec)
		return props, err
	})
}

// untilDone runs f and returns its result, or an error naming what was
// stopped once ctx is done.
func untilDone[T any](ctx context.Context, what string, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("stopped while %s: %w", what, context.Cause(ctx))
	}
}
