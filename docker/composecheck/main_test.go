package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real docker/compose.yaml, with docker/.env.example, passes every check.
func TestRealComposeFilePasses(t *testing.T) {
	results := checkDir(context.Background(), "..")
	if len(results) < 10 {
		t.Fatalf("only %d checks ran: %v", len(results), results)
	}
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s: %v", r.name, r.err)
		}
	}
}

// A file the Compose schema rejects fails at loading: the loader really validates.
func TestSchemaErrorFails(t *testing.T) {
	snippet := `
services:
  web:
    image: nginx:1.27.3
    ports: "8080:80"      # must be a list
    restartt: always      # no such attribute
`
	results := checkCompose(context.Background(), t.TempDir(), "compose.yaml", []byte(snippet), nil)
	if failure := failed(results, "loads with compose-go"); failure == "" {
		t.Fatalf("a schema error was accepted: %v", results)
	}
}

// A valid file that breaks each deployment rule fails each matching check.
func TestBrokenDeploymentFails(t *testing.T) {
	snippet := `
name: broken
services:
  keycloak:
    image: quay.io/keycloak/keycloak:latest
    environment:
      KC_HOSTNAME: https://id.example.org
      KC_BOOTSTRAP_ADMIN_PASSWORD: ${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
    ports: ["8080:8080"]
  postgres:
    image: postgres
    ports: ["0.0.0.0:5432:5432"]
  pdp:
    build:
      context: .
      dockerfile: pdp/Dockerfile
    environment:
      PURPOSEGATE_TOKEN_ISSUER: http://localhost:8080/realms/purposegate
      PURPOSEGATE_CONSENT_CLIENT_SECRET: ${PURPOSEGATE_PDP_CLIENT_SECRET:-pdp-secret}
  opa:
    image: openpolicyagent/opa:1
    volumes: ["./no-such-policies:/policies:ro"]
`
	dir := t.TempDir()
	env := map[string]string{"KC_BOOTSTRAP_ADMIN_PASSWORD": "", "PURPOSEGATE_PDP_CLIENT_SECRET": ""}
	results := checkCompose(context.Background(), dir, "compose.yaml", []byte(snippet), env)
	if failure := failed(results, "loads with compose-go"); failure != "" {
		t.Fatalf("the snippet should load: %s", failure)
	}
	for check, want := range map[string]string{
		"*_PASSWORD and *_SECRET is required": "KC_BOOTSTRAP_ADMIN_PASSWORD",
		"services postgres":                   "demo-crm",
		"binds 127.0.0.1":                     "keycloak :8080:8080",
		"exact version tag":                   "keycloak (tag \"latest\"",
		"bind-mount source":                   "no-such-policies",
		"build's Dockerfile exists":           filepath.Join(dir, "pdp", "Dockerfile"),
		"accepts the issuer":                  "https://id.example.org",
	} {
		if failure := failed(results, check); !strings.Contains(failure, want) {
			t.Errorf("check %q: want a failure naming %q, got %q", check, want, failure)
		}
	}
	if failure := failed(results, "*_SECRET is required"); !strings.Contains(failure, "PURPOSEGATE_PDP_CLIENT_SECRET") {
		t.Errorf("a secret with a default must fail the check, got %q", failure)
	}
	for _, want := range []string{"postgres (no tag)", "opa (tag \"1\" is not an exact version)", "postgres 0.0.0.0:5432:5432"} {
		if !strings.Contains(failed(results, "exact version tag")+failed(results, "binds 127.0.0.1"), want) {
			t.Errorf("want a failure naming %q: %v", want, results)
		}
	}
}

func TestDockerfileCheck(t *testing.T) {
	for name, tc := range map[string]struct{ dockerfile, want string }{
		"valid multi-stage": {dockerfile: `# syntax=docker/dockerfile:1
ARG X=1
FROM --platform=linux/amd64 eclipse-temurin:17.0.18_8-jre-noble AS build
RUN echo a \
    # a comment inside a continuation
    && echo b
FROM build
COPY --from=build /a /b
CMD ["x"]
`},
		"unknown instruction": {dockerfile: "FROM alpine:3.21.3\nCOPPY a b\n", want: `unknown instruction "COPPY"`},
		"not FROM first":      {dockerfile: "RUN true\nFROM alpine:3.21.3\n", want: "first instruction must be FROM or ARG"},
		"latest base image":   {dockerfile: "FROM alpine:latest\n", want: `tag "latest"`},
		"moving base image":   {dockerfile: "FROM eclipse-temurin:17-jre\n", want: `tag "17-jre"`},
		"dangling backslash":  {dockerfile: "FROM alpine:3.21.3\nRUN true \\\n", want: "continuation"},
		"no FROM":             {dockerfile: "ARG X=1\n", want: "no FROM"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Dockerfile")
			if err := os.WriteFile(path, []byte(tc.dockerfile), 0o644); err != nil {
				t.Fatal(err)
			}
			err := checkDockerfile(path)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected failure: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("want a failure containing %q, got %v", tc.want, err)
			}
		})
	}
}

// The Keycloak and OPA versions must not drift from the ones the root pom.xml pins.
func TestPomVersionDriftFails(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"pom.xml":                    "<keycloak.version>26.7.3</keycloak.version>\n<opa.version>1.22.3</opa.version>\n",
		"docker/keycloak/Dockerfile": "FROM quay.io/keycloak/keycloak:26.7.2 AS builder\nFROM quay.io/keycloak/keycloak:26.7.3\n",
		"docker/compose.yaml":        "services:\n  opa:\n    image: openpolicyagent/opa:1.22.3\n",
		"docker/pdp/Dockerfile":      "FROM openpolicyagent/opa:1.22.3 AS opa\nFROM eclipse-temurin:17.0.18_8-jre-noble\n",
	}
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := checkPomVersions(filepath.Join(root, "docker"))
	if r.err == nil || !strings.Contains(r.err.Error(), "keycloak:26.7.2") || strings.Contains(r.err.Error(), "opa") {
		t.Fatalf("want only the Keycloak 26.7.2 stage reported, got %v", r.err)
	}
	// the PDP's OPA (it compiles the policy) drifting from the OPA server is reported too
	stale := filepath.Join(root, "docker/pdp/Dockerfile")
	if err := os.WriteFile(stale, []byte("FROM openpolicyagent/opa:1.22.2 AS opa\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = checkPomVersions(filepath.Join(root, "docker"))
	if r.err == nil || !strings.Contains(r.err.Error(), "pdp/Dockerfile: openpolicyagent/opa:1.22.2") {
		t.Fatalf("want the PDP's OPA 1.22.2 reported, got %v", r.err)
	}
}

// failed returns the error of the first check whose name contains part, "" when it passed or is absent.
func failed(results []result, part string) string {
	for _, r := range results {
		if strings.Contains(r.name, part) && r.err != nil {
			return r.err.Error()
		}
	}
	return ""
}
