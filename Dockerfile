# The image that `scripts/topology export` names (udpgraph:latest unless --image says otherwise): the node
# scripts and the shaded jars they run, on a Java 17 runtime. docs/DEPLOY.md walks through it.
#
#   docker build -t udpgraph:latest .                     # at the project's root
#   docker build -t registry.example.com/udpgraph:1 . && docker push registry.example.com/udpgraph:1
#   scripts/topology export FILE --format kubernetes --image registry.example.com/udpgraph:1

# Build: the runnable modules' shaded jars, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -Dstyle.color=never -pl mq-server,vertex-worker,router,connector,topology -am package -DskipTests

# Run: the scripts find each jar where the build leaves it (MODULE/target/MODULE-VERSION-all.jar) and, with no
# sources beside them, never try to rebuild it. python3 runs stream-py function files (python_function:).
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/udpgraph
COPY --from=build /src/scripts scripts
COPY --from=build /src/mq-server/target/mq-server-*-all.jar mq-server/target/
COPY --from=build /src/vertex-worker/target/vertex-worker-*-all.jar vertex-worker/target/
COPY --from=build /src/router/target/router-*-all.jar router/target/
COPY --from=build /src/connector/target/connector-*-all.jar connector/target/
COPY --from=build /src/topology/target/topology-*-all.jar topology/target/
ENV PATH=/opt/udpgraph/scripts:$PATH
# The manifests give each container its command (scripts/mq-server, scripts/router, ...); alone, it shows help.
CMD ["/opt/udpgraph/scripts/topology", "--help"]
