# Image for the collector service. Build the jar first (mvn -B -DskipTests package), then:
#   docker build -t ghcr.io/5dlabs/cost-collector:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /nonexistent costs && mkdir -p /cost-data && chown costs /cost-data
COPY target/cto-costs.jar /opt/cto-costs/cto-costs.jar
USER 10001
ENV COST_DB_PATH=/cost-data/costs.db
EXPOSE 8080
# exec form: the JVM is PID 1's child-less process and receives SIGTERM directly (graceful drain)
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/opt/cto-costs/cto-costs.jar", "costs", "serve", "--bind", "0.0.0.0", "--port", "8080"]
