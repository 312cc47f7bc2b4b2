// Package deploytest checks the container files of the repository — the
// Dockerfile, .dockerignore, docker-compose.yml, deploy/ and the ECS task
// definition — as far as a machine without a Docker engine can: every file
// they copy or mount exists and is not excluded from the build context, the
// images are pinned, the ports are the documented ones, every command they
// run is a real sluice/txgen command with real flags (the built binaries are
// asked), and the job they run renders and plans (`sluice explain`).
//
// Nothing here builds or runs an image: that needs a Docker engine.
package deploytest
