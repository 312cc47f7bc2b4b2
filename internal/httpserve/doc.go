// Package httpserve builds the HTTP servers Sluice runs — the job's
// metrics, health and dashboard server, and `sluice serve` — with what a
// server reachable over a network needs: read-header, read, write and idle
// timeouts, a bound on open connections, and an optional bearer token.
//
// The connection bound protects the process, not only the server: a job
// shares its file descriptors between the HTTP server, its Kafka clients and
// its checkpoint files, and connections nobody closes must not be able to
// take the descriptors a checkpoint needs.
package httpserve
