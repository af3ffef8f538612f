// Command composecheck checks docker/compose.yaml without a Docker engine. It loads the file with
// compose-go, the library Docker Compose itself parses compose files with (schema validation,
// ${VAR} interpolation, references between services, networks and volumes), then asserts the
// deployment rules listed in docker/README.md. It prints one line per check and exits 1 when one
// fails.
//
// Usage, from docker/:  go run ./composecheck [DOCKER_DIR]   (DOCKER_DIR defaults to ".")
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
	"go.yaml.in/yaml/v4"
)

const (
	composeFile = "compose.yaml"
	envExample  = ".env.example"
	// Stands in for the values .env.example leaves empty (the passwords) while loading.
	placeholder = "composecheck-placeholder"
	realmPath   = "/realms/purposegate"
)

// The topology of bin/purposegate up, plus the database.
var requiredServices = []string{"postgres", "keycloak", "opa", "pdp", "demo-crm"}

// Every Dockerfile instruction (docs.docker.com/reference/dockerfile).
var instructions = []string{
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
	"MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}

// An exact version: at least major.minor ("17.7", "1.22.3", "17.0.18_8-jre-noble"), so neither
// "latest" nor a moving major tag such as "17" or "17-jre".
var exactTag = regexp.MustCompile(`^v?[0-9]+\.[0-9]+`)

type result struct {
	name string
	err  error
}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	results := checkDir(context.Background(), dir)
	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
			fmt.Printf("FAIL  %s: %v\n", r.name, r.err)
		} else {
			fmt.Printf("ok    %s\n", r.name)
		}
	}
	if failed > 0 {
		fmt.Printf("composecheck: %d of %d checks failed\n", failed, len(results))
		os.Exit(1)
	}
	fmt.Printf("composecheck: all %d checks passed\n", len(results))
}

// checkDir checks DIR/compose.yaml with the variables documented in DIR/.env.example.
func checkDir(ctx context.Context, dir string) []result {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return []result{{"docker folder", err}}
	}
	env, err := dotenv.Read(filepath.Join(dir, envExample))
	if err != nil {
		return []result{{envExample + " parses", err}}
	}
	content, err := os.ReadFile(filepath.Join(dir, composeFile))
	if err != nil {
		return []result{{composeFile + " is readable", err}}
	}
	results := checkCompose(ctx, dir, composeFile, content, env)
	return append(results, checkPomVersions(dir))
}

// The root pom.xml pins the Keycloak and OPA versions once (bin/purposegate reads them there);
// the images must name the same ones.
var pinnedInPom = []struct{ property, file, image string }{
	{"keycloak.version", "keycloak/Dockerfile", "quay.io/keycloak/keycloak"},
	{"opa.version", composeFile, "openpolicyagent/opa"},
	{"opa.version", "pdp/Dockerfile", "openpolicyagent/opa"},
}

func checkPomVersions(dir string) result {
	const name = "the Keycloak and OPA images have the versions of the root pom.xml"
	pom, err := os.ReadFile(filepath.Join(dir, "..", "pom.xml"))
	if err != nil {
		return result{name, err}
	}
	var problems []string
	for _, pin := range pinnedInPom {
		want := regexp.MustCompile(`<` + regexp.QuoteMeta(pin.property) + `>([^<]+)</`).FindSubmatch(pom)
		if want == nil {
			problems = append(problems, "pom.xml has no <"+pin.property+">")
			continue
		}
		content, err := os.ReadFile(filepath.Join(dir, pin.file))
		if err != nil {
			return result{name, err}
		}
		uses := regexp.MustCompile(regexp.QuoteMeta(pin.image)+`:([^\s"'@]+)`).FindAllSubmatch(content, -1)
		if len(uses) == 0 {
			problems = append(problems, pin.file+" does not use "+pin.image)
		}
		for _, use := range uses {
			if string(use[1]) != string(want[1]) {
				problems = append(problems, fmt.Sprintf("%s: %s:%s, pom.xml %s=%s", pin.file, pin.image, use[1], pin.property, want[1]))
			}
		}
	}
	return result{name, listErr("mismatch", problems)}
}

// checkCompose runs every check on one compose file's content; workingDir is the folder the file's
// relative paths resolve against, env the documented variables (an empty value stands for a secret).
func checkCompose(ctx context.Context, workingDir, filename string, content []byte, env map[string]string) []result {
	results := checkVariables(content, env)

	project, err := load(ctx, workingDir, filename, content, env)
	loaded := fmt.Sprintf("%s loads with compose-go: schema, interpolation, references", filename)
	if err != nil {
		return append(results, result{loaded, err})
	}
	results = append(results, result{fmt.Sprintf("%s (%d services)", loaded, len(project.Services)), nil})
	return append(results, checkProject(project)...)
}

// load parses, validates and interpolates like `docker compose config` does. Values that
// .env.example leaves empty get a placeholder, so that ${VAR:?} accepts them.
func load(ctx context.Context, workingDir, filename string, content []byte, env map[string]string) (*types.Project, error) {
	environment := types.Mapping{}
	for key, value := range env {
		if value == "" {
			value = placeholder
		}
		environment[key] = value
	}
	details := types.ConfigDetails{
		WorkingDir:  workingDir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(workingDir, filename), Content: content}},
		Environment: environment,
	}
	return loader.LoadWithContext(ctx, details, func(o *loader.Options) {
		// A `name:` in the file wins over this fallback, as with docker compose.
		o.SetProjectName(loader.NormalizeProjectName(filepath.Base(workingDir)), false)
	})
}

// checkVariables compares the ${VAR} the compose file uses with the ones .env.example documents.
func checkVariables(content []byte, env map[string]string) []result {
	const name = "every ${VAR} of the compose file is documented in " + envExample
	var model map[string]any
	if err := yaml.Unmarshal(content, &model); err != nil {
		return []result{{name, err}}
	}
	used := template.ExtractVariables(model, template.DefaultPattern)

	var undocumented, weak []string
	for _, v := range slices.Sorted(maps.Keys(used)) {
		if _, ok := env[v]; !ok {
			undocumented = append(undocumented, v)
		}
		if (strings.HasSuffix(v, "_PASSWORD") || strings.HasSuffix(v, "_SECRET")) && (!used[v].Required || used[v].DefaultValue != "" || env[v] != "") {
			weak = append(weak, v)
		}
	}
	return []result{
		{name, listErr("not in "+envExample, undocumented)},
		{"every *_PASSWORD and *_SECRET is required (${VAR:?}), without a default, and empty in " + envExample,
			listErr("a password or secret could ship", weak)},
	}
}

func checkProject(p *types.Project) []result {
	var missing, openPorts, unpinned, noDockerfile, noSource []string
	var dockerfiles []result
	for _, name := range requiredServices {
		if _, ok := p.Services[name]; !ok {
			missing = append(missing, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Services)) {
		s := p.Services[name]
		for _, port := range s.Ports {
			if port.HostIP != "127.0.0.1" {
				openPorts = append(openPorts, fmt.Sprintf("%s %s:%s:%d", name, port.HostIP, port.Published, port.Target))
			}
		}
		if s.Image != "" {
			if err := pinned(s.Image); err != nil {
				unpinned = append(unpinned, fmt.Sprintf("%s (%v)", name, err))
			}
		}
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind {
				if _, err := os.Stat(v.Source); err != nil {
					noSource = append(noSource, fmt.Sprintf("%s %s", name, v.Source))
				}
			}
		}
		if s.Build == nil {
			continue
		}
		dockerfile := s.Build.Dockerfile
		if dockerfile == "" {
			dockerfile = "Dockerfile"
		}
		if !filepath.IsAbs(dockerfile) {
			dockerfile = filepath.Join(s.Build.Context, dockerfile)
		}
		if _, err := os.Stat(dockerfile); err != nil {
			noDockerfile = append(noDockerfile, fmt.Sprintf("%s %s", name, dockerfile))
			continue
		}
		dockerfiles = append(dockerfiles, result{
			fmt.Sprintf("%s: %s parses, its base images are pinned", name, relative(p.WorkingDir, dockerfile)),
			checkDockerfile(dockerfile),
		})
	}
	results := []result{
		{"services " + strings.Join(requiredServices, ", ") + " are defined", listErr("missing", missing)},
		{"every published port binds 127.0.0.1 only", listErr("open beyond loopback", openPorts)},
		{"every image has an exact version tag (no latest, no moving major tag)", listErr("unpinned", unpinned)},
		{"every bind-mount source exists", listErr("missing", noSource)},
		{"every build's Dockerfile exists", listErr("missing", noDockerfile)},
	}
	results = append(results, dockerfiles...)
	return append(results, result{"the PDP accepts the issuer Keycloak writes (KC_HOSTNAME + " + realmPath + ")", sameIssuer(p)})
}

// pinned accepts a reference with a digest, or with a tag that names an exact version.
func pinned(image string) error {
	ref, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return err
	}
	if _, ok := ref.(reference.Digested); ok {
		return nil
	}
	tagged, ok := ref.(reference.Tagged)
	if !ok {
		return errors.New("no tag")
	}
	if !exactTag.MatchString(tagged.Tag()) {
		return fmt.Errorf("tag %q is not an exact version", tagged.Tag())
	}
	return nil
}

// checkDockerfile is a basic parse: every line that is not blank, a comment or the continuation of
// the previous line (trailing backslash) starts with a Dockerfile instruction; the first is FROM or
// ARG; every FROM names a pinned image or an earlier stage. Heredocs (RUN <<EOF) are not supported
// and fail, which is the safe side.
func checkDockerfile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var problems []string
	stages := map[string]bool{"scratch": true}
	continued, sawFrom, first := false, false, true
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		wasContinued := continued
		continued = strings.HasSuffix(line, `\`)
		if wasContinued {
			continue
		}
		fields := strings.Fields(line)
		instruction := strings.ToUpper(fields[0])
		switch {
		case !slices.Contains(instructions, instruction):
			problems = append(problems, fmt.Sprintf("line %d: unknown instruction %q", n, fields[0]))
		case first && instruction != "FROM" && instruction != "ARG":
			problems = append(problems, fmt.Sprintf("line %d: the first instruction must be FROM or ARG, not %s", n, instruction))
		case instruction == "FROM":
			sawFrom = true
			if problem := checkFrom(fields[1:], stages); problem != "" {
				problems = append(problems, fmt.Sprintf("line %d: %s", n, problem))
			}
		}
		first = false
	}
	if err := scanner.Err(); err != nil {
		return err
	}
	if continued {
		problems = append(problems, "the last line ends with a continuation backslash")
	}
	if !sawFrom {
		problems = append(problems, "no FROM")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// checkFrom checks FROM's arguments ([--platform=...] image [AS name]) and records the stage name.
func checkFrom(args []string, stages map[string]bool) string {
	for len(args) > 0 && strings.HasPrefix(args[0], "--") {
		args = args[1:]
	}
	if len(args) == 0 {
		return "FROM without an image"
	}
	if len(args) == 3 && strings.EqualFold(args[1], "AS") {
		stages[strings.ToLower(args[2])] = true
	} else if len(args) != 1 {
		return fmt.Sprintf("FROM takes an image and an optional AS name, got %q", strings.Join(args, " "))
	}
	if stages[strings.ToLower(args[0])] {
		return ""
	}
	if strings.Contains(args[0], "$") {
		return fmt.Sprintf("base image %q comes from a build argument; name it literally so it can be checked", args[0])
	}
	if err := pinned(args[0]); err != nil {
		return fmt.Sprintf("base image %s: %v", args[0], err)
	}
	return ""
}

// sameIssuer compares the PDP's expected issuer with the one Keycloak puts in tokens.
func sameIssuer(p *types.Project) error {
	env := func(service, key string) string {
		if s, ok := p.Services[service]; ok {
			if v := s.Environment[key]; v != nil {
				return *v
			}
		}
		return ""
	}
	hostname, issuer := env("keycloak", "KC_HOSTNAME"), env("pdp", "PURPOSEGATE_TOKEN_ISSUER")
	if hostname == "" || issuer != strings.TrimSuffix(hostname, "/")+realmPath {
		return fmt.Errorf("keycloak KC_HOSTNAME=%q, pdp PURPOSEGATE_TOKEN_ISSUER=%q", hostname, issuer)
	}
	return nil
}

func listErr(what string, items []string) error {
	if len(items) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", what, strings.Join(items, ", "))
}

func relative(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil {
		return rel
	}
	return path
}
