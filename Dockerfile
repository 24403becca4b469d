# The collector service's image, built from the sources in two stages:
#   docker build -t ghcr.io/5dlabs/cost-collector:0.1.0 .
#   docker run --read-only --tmpfs /tmp -v costs:/cost-data -p 8080:8080 -e COST_API_TOKEN=… ghcr.io/5dlabs/cost-collector:0.1.0
# Base images are pinned to exact releases; pin them to digests (image@sha256:…) in your registry
# mirror for byte-for-byte reproducible builds.

# 1. Build: the same distribution archive `bin/install` installs (the tests run in CI, not here)
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml server-pom.xml ./
COPY client/pom.xml ./client/
RUN mvn -B -q -DskipTests dependency:go-offline || true   # a cached layer of the dependencies
COPY client/src ./client/src
COPY src ./src
COPY bin ./bin
COPY docs ./docs
COPY README.md ./
RUN mvn -B -q -DskipTests package \
 && mkdir /dist && tar -xzf target/cto-costs-*-dist.tar.gz -C /dist --strip-components=1

# 2. Run: a JRE, the archive, a non-root user, a read-only root filesystem (only /tmp and the data
#    volume are written)
FROM eclipse-temurin:17.0.15_6-jre-noble
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin costs \
 && mkdir -p /cost-data && chown 10001:10001 /cost-data
COPY --from=build /dist /opt/cto-costs
# The serial collector: serve's live heap is ~15 MB, so young collections take 1-5 ms, and it needs
# ~1 MB of its own against G1's ~40 MB, which kept idle RSS over 150 MB (docs/benchmarks.md,
# "`serve` memory"). The heap may take 60 % of the container's limit: the JVM needs ~150 MB
# beside it under load, so a 512 Mi limit (deploy/k8s) is never reached by a full heap.
ENV COST_DB_PATH=/cost-data/costs.db \
    COST_SPOOL_DIR=/cost-data/spool \
    CTO_JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=60" \
    CTO_NO_CDS=1
VOLUME ["/cost-data"]
USER 10001:10001
EXPOSE 8080
# /healthz never touches the store; bash's /dev/tcp needs no curl in the image
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
# exec form, and the launcher execs java: the JVM receives SIGTERM directly (graceful drain)
ENTRYPOINT ["/opt/cto-costs/bin/cto-cli"]
CMD ["costs", "serve", "--bind", "0.0.0.0", "--port", "8080"]
