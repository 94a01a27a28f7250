# syntax=docker/dockerfile:1
# Multi-stage build: package with the Maven wrapper (tests are CI's job), extract the jar into
# layers, train the JDK's AOT cache (JEP 483/514/515) in the runtime image itself, then run as a
# non-root user from that cache. Configure with environment variables (see README).
#
# Base images are pinned by exact tag (Temurin 25.0.3+9 on Ubuntu 24.04 "noble"), not by digest:
# the machines this was written on cannot pull, so no digest could be verified. To pin by digest,
# resolve one where an engine runs (docker buildx imagetools inspect eclipse-temurin:25.0.3_9-jre-noble)
# and append @sha256:... to both FROM lines. The runtime JRE must stay the exact build the AOT cache
# is trained with: the training runs in the final stage, so a new base image retrains it.

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
# No .git in the build context (.dockerignore): the git properties are then skipped, not failed on,
# and /actuator/info shows the build information only.
RUN ./mvnw -B -ntp -q -DskipTests package \
 && cp target/zapi-gateway-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --application-filename app.jar --destination extracted

FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
# Least to most frequently changing, so a code change rebuilds only the last layers. Extracted
# without the launcher: app.jar plus lib/*.jar on its manifest class path, the plain jars the AOT
# cache can record (it has no effect on a fat jar's nested jars).
COPY --from=build /src/extracted/dependencies/ ./
COPY --from=build /src/extracted/spring-boot-loader/ ./
COPY --from=build /src/extracted/snapshot-dependencies/ ./
COPY --from=build /src/extracted/application/ ./

# The JVM flags the benchmark sized (docs/benchmarks.md), read by the java launcher of both the
# training run and the gateway: the AOT cache is only used by a JVM started with the same class
# path and a compatible configuration (the same collector among them), so they must not differ.
# - Heap at half the container's memory. The JVM needs ~240-270 MiB besides (metaspace, code
#   cache, symbols), so RSS runs up to heap + 270 MiB under a cold burst: give the container
#   640 MiB or more (or replace MaxRAMPercentage by -Xmx at the limit less 270 MiB).
# - SerialGC: what the benchmark measured, and what the JVM picks anyway in a container under 2 CPUs
#   or 1792 MiB; explicit, so a build host with more does not train the cache with another collector.
# - Metaspace sized for the app up front (no full collections for its growth while starting).
# - Freed C-heap (the JIT's) goes back to the OS every 5 s.
# Overriding JDK_JAVA_OPTIONS at run time keeps the cache only if the collector stays the same.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:TrimNativeHeapInterval=5000"

# The training run: Spring creates every singleton and exits once the context is refreshed
# (spring.context.exit=onRefresh), and the JVM writes what it loaded, linked and profiled to
# app.aot. There is no database or Z-API at build time: Flyway and Hibernate's schema validation
# are off and Hibernate is told the dialect instead of asking a connection; the pool opens none
# before a first use, and no request reaches Z-API. The settings below exist only for this step:
# placeholders for the properties the gateway refuses to start without, none of them a secret.
# (System properties for the Hibernate setting: an environment variable cannot name a map key with
# underscores in it.)
# MaxRAM stands in for the container's limit, which a build does not have: on a host with more than
# 64 GiB, half of it would be a heap without compressed oops, a mode the cache records and a
# container with a smaller heap could then not use.
RUN SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:1/aot-training \
    ZAPI_PARTNER_TOKEN=aot-training \
    GATEWAY_CLIENTS_0_NAME=aot-training \
    GATEWAY_CLIENTS_0_APIKEYSHA256=0000000000000000000000000000000000000000000000000000000000000000 \
    GATEWAY_CLIENTS_0_TENANTS=aot-training \
    GATEWAY_ENCRYPTION_ACTIVEKEYID=training \
    GATEWAY_ENCRYPTION_KEYS_TRAINING=YW90LXRyYWluaW5nLW9ubHktbm90LWEta2V5LTMyYiE= \
    java -XX:MaxRAM=640m -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
      -Dspring.flyway.enabled=false -Dspring.jpa.hibernate.ddl-auto=none \
      -Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
      -Dspring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
      -jar app.jar > /tmp/aot-training.log 2>&1 \
 || { tail -50 /tmp/aot-training.log; exit 1; } \
 ; rm -f /tmp/aot-training.log

USER 10001:10001
EXPOSE 8080
# For docker run and compose (Kubernetes ignores it and uses its own probes on
# /actuator/health/liveness and /readiness). The image has no curl or wget: bash's /dev/tcp asks
# the readiness group, unauthenticated like every health endpoint.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# exec form: java is PID 1 and gets SIGTERM for the graceful shutdown.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
