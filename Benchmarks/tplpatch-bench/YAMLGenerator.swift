// Compose- and Kubernetes-shaped YAML: a compose document (anchors, merge
// keys, aliases, flow and block sequences, literal and folded block scalars,
// single- and double-quoted scalars, comments), then Kubernetes manifests
// as further documents. The edit target is
// services.chroma.environment.CHROMA_VERSION = "1.0.0", in the first document.
enum YAMLGenerator {
    static func stream(bytes target: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var out = TextBuffer(capacity: target)
        out.append("""
            # Generated compose file for tplpatch's benchmark.
            version: "3.9"
            x-defaults: &defaults
              restart: unless-stopped
              logging:
                driver: json-file
                options: {max-size: "10m", max-file: '3'}
            services:
              chroma:
                <<: *defaults
                image: "ghcr.io/chroma-core/chroma:1.0.0"
                environment:
                  CHROMA_VERSION: "1.0.0"
                  IS_PERSISTENT: "TRUE"

            """)
        var unit = 0
        while out.count < target / 2 {
            unit += 1
            let port = 1_000 + random.below(60_000)
            out.append("""
                  svc_\(unit):
                    <<: *defaults
                    image: 'registry.example.com/app-\(unit):\(random.below(100)).\(random.below(10))'
                    command: ["python", "-m", "app", "--port", "\(port)"]
                    ports:
                      - "\(port):80"
                    environment:
                      - MODE=production
                      - LEVEL=\(random.below(5))
                    healthcheck: &health_\(unit)
                      test: [CMD, curl, -f, "http://localhost:\(port)/health?q=\\"x\\""]
                      interval: \(random.below(60) + 1)s
                    labels:
                      description: >
                        Folded text for service \(unit),
                        over two lines.
                      script: |
                        #!/bin/sh
                        echo "hello \(unit)" # not a comment inside a block scalar
                      empty: ~
                      flag: yes
                      number: \(random.below(9) + 1).5e3
                      copy: *health_\(unit)  # an alias

                """)
        }
        while out.count < target {
            unit += 1
            out.append("""
                ---
                # A Kubernetes deployment, unit \(unit).
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app-\(unit)
                  labels: {app: "app-\(unit)", tier: backend}
                spec:
                  replicas: \(random.below(10) + 1)
                  template:
                    spec:
                      containers:
                        - name: app
                          image: "registry.example.com/app:\(random.below(100))"
                          args: ['--flag', "--level=\(random.below(5))"]
                          env:
                            - {name: CHROMA_HOST, value: "chroma-\(unit)"}
                            - name: CONFIG
                              value: |-
                                key: value
                                other: 'quoted \(unit)'
                          resources:
                            limits: {cpu: 500m, memory: \(128 * (1 + random.below(8)))Mi}

                """)
        }
        return out.bytes
    }
}
