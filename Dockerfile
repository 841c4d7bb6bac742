# rbcheck as a container image: docs/integrations.md has the GitLab CI,
# CircleCI and shell recipes.
#
#   docker build -t rbcheck .
#   docker run --rm -v "$PWD:/repo" rbcheck v2.3.0..v2.4.0
#
# The Postgres parser (pg_query_go) is C: the build stage needs cgo and a C
# compiler, the final stage the C library the binary links (glibc) and git,
# which rbcheck runs to read revisions (openssh-client: CI checkouts over
# ssh, as CircleCI's). `rbcheck verify` needs PostgreSQL,
# which this image does not carry: run verify where PostgreSQL is.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# -buildvcs stamps the commit when the build context has .git; otherwise
# pass one: --build-arg VERSION=v1.2.3
ARG VERSION=""
RUN git config --global --add safe.directory /src
RUN CGO_ENABLED=1 go build -trimpath -buildvcs=auto -ldflags="-X github.com/rbcheck/rbcheck/internal/buildinfo.version=${VERSION}" -o /out/rbcheck ./cmd/rbcheck && /out/rbcheck version

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group rbcheck \
    && git config --system --add safe.directory '*'
COPY --from=build /out/rbcheck /usr/local/bin/rbcheck
USER rbcheck
WORKDIR /repo
ENTRYPOINT ["rbcheck"]
CMD ["--help"]
