# syntax=docker/dockerfile:1
# Multi-stage build: compile and test-free package with the Maven wrapper, then run the
# layered jar on a JRE as a non-root user. Configure with environment variables (see README).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -q -DskipTests package \
 && cp target/zapi-gateway-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
# Least to most frequently changing, so a code change rebuilds only the last layer.
COPY --from=build /src/extracted/dependencies/ ./
COPY --from=build /src/extracted/spring-boot-loader/ ./
COPY --from=build /src/extracted/snapshot-dependencies/ ./
COPY --from=build /src/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# Heap at half the container's memory. The JVM needs ~240-270 MiB besides (metaspace, code cache,
# symbols; see docs/benchmarks.md), so RSS runs up to heap + 270 MiB under a cold burst: give the
# container 640 MiB or more (or set -Xmx to the limit less 270 MiB).
# Metaspace is sized for the app up front (no full collections for its growth while starting). Freed
# C-heap (the JIT's) goes back to the OS every 5 s.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:MetaspaceSize=128m", "-XX:TrimNativeHeapInterval=5000", "org.springframework.boot.loader.launch.JarLauncher"]
