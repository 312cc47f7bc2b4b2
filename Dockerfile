# syntax=docker/dockerfile:1
#
# Sluice image: the engine (sluice) and the data generator (txgen).
#
#   docker build -t sluice:local .
#   docker run --rm sluice:local explain            # plan of the default job
#   docker run --rm -v "$PWD/my.json:/etc/flink/application_properties.json:ro" sluice:local
#
# The default job is /opt/sluice/processor.sql with the property groups at
# /etc/flink/application_properties.json (deploy/application_properties.docker.json:
# Kafka at kafka-0:9092, print sink as blackhole). docs/deployment.md tells how
# to run it on ECS/Fargate or EKS; docker-compose.yml runs the whole pipeline.

# ---- build -----------------------------------------------------------------
# confluent-kafka-go links its bundled static librdkafka through cgo, so the
# build needs CGO_ENABLED=1 and gcc (both in the golang image). The binaries
# still link glibc dynamically: the runtime image below is Debian 12 as well.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=1
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -buildvcs=false -ldflags='-s -w' -o /out/sluice ./cmd/sluice && \
    go build -trimpath -buildvcs=false -ldflags='-s -w' -o /out/txgen ./cmd/txgen
# The checkpoint directory of the runtime image (distroless has no shell to
# create it there): empty here, copied with the non-root owner below.
RUN mkdir -p /out/state/checkpoints

# ---- runtime ---------------------------------------------------------------
# distroless base: glibc, CA certificates, tzdata, no shell; runs as the
# 'nonroot' user (uid 65532).
FROM gcr.io/distroless/base-debian12:nonroot
LABEL org.opencontainers.image.title="sluice" \
      org.opencontainers.image.description="Streaming SQL engine for Flink SQL jobs: Kafka, joins, DynamoDB" \
      org.opencontainers.image.source="https://github.com/sluice-sql/sluice"
COPY --from=build /out/sluice /out/txgen /usr/local/bin/
WORKDIR /opt/sluice
COPY processor.sql /opt/sluice/processor.sql
# The same job plus the DynamoDB sink (docs/deployment.md runs it on ECS).
COPY deploy/processor.docker.sql /opt/sluice/deploy/processor.docker.sql
COPY configs/ddb.json /opt/sluice/configs/ddb.json
COPY deploy/application_properties.docker.json /etc/flink/application_properties.json
# Checkpoints: without SET 'state.checkpoints.dir' or SLUICE_CHECKPOINT_DIR
# the job writes them to ./.sluice/checkpoints/<job id>, i.e. here, so the
# directory belongs to the user the job runs as (65532, 'nonroot'; the rest
# of /opt/sluice stays root's and read-only to it). It lives in the
# container: mount a volume at /opt/sluice/.sluice (docker-compose.yml does)
# or checkpoint to s3://… (the ECS task definition does) to keep state when
# the container is replaced. docs/deployment.md#state-and-checkpoints.
COPY --from=build --chown=65532:65532 /out/state /opt/sluice/.sluice
# `sluice run` serves /metrics (Prometheus), /healthz, /readyz and the job
# dashboard on Flink's REST port (--http-addr / SLUICE_HTTP_ADDR; 'off'
# disables). Outside a container it binds 127.0.0.1 by default; here it
# binds every interface, for the orchestrator's probes and scrapers
# (SLUICE_HTTP_TOKEN protects all but the health checks). `sluice
# healthcheck` asks /healthz from inside the container, which has no shell
# or curl.
ENV SLUICE_LOG_FORMAT=json SLUICE_HTTP_ADDR=0.0.0.0:8081
EXPOSE 8081
USER nonroot:nonroot
# `sluice run` and `sluice serve` stop on SIGTERM: the job flushes its sinks
# and commits its Kafka offsets, the API drains requests in progress.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/sluice"]
CMD ["run"]
