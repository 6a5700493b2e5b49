// Command gatehouse-test-op is a real OpenID provider for Gatehouse's single sign-on tests, run on loopback.
//
// The protocol is entirely zitadel/oidc's `op` package (OpenID Certified: discovery, authorization code with PKCE,
// token endpoint with client_secret_basic, JWKS, userinfo) with the module's own example storage and login page
// (github.com/zitadel/oidc/v3/example/server). This file only configures it from the environment, and adds one
// thing the example lacks: a `groups` claim (in the ID token when the `groups` scope is asked for, and at the
// userinfo endpoint), read from the same users file, so that group → role mapping is tested the way Dex, Keycloak
// or Okta send groups.
//
// Environment: OP_ISSUER (http://127.0.0.1:<port>), OP_ADDR (127.0.0.1:<port>), OP_USERS_FILE (JSON object of
// users keyed by id, the example storage's fields plus "Groups"), OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URI.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// withGroups is the example storage plus a groups claim per user id.
type withGroups struct {
	*storage.Storage
	groups map[string][]string
}

// SetUserinfoFromRequest fills the ID token's claims (op.CreateIDToken calls it with the scopes left after the
// userinfo scopes are removed, so `groups` reaches the ID token as Dex puts it there).
func (s *withGroups) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	if slices.Contains(scopes, "groups") {
		s.addGroups(info, req.GetSubject())
	}
	return nil
}

// SetUserinfoFromToken answers the userinfo endpoint.
func (s *withGroups) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, info, tokenID, subject, origin); err != nil {
		return err
	}
	s.addGroups(info, info.Subject)
	return nil
}

func (s *withGroups) addGroups(info *oidc.UserInfo, subject string) {
	if g, ok := s.groups[subject]; ok {
		info.AppendClaims("groups", g)
	}
}

func must(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Fprintf(os.Stderr, "gatehouse-test-op: %s is required\n", name)
		os.Exit(2)
	}
	return v
}

func main() {
	issuer, addr, usersFile := must("OP_ISSUER"), must("OP_ADDR"), must("OP_USERS_FILE")
	storage.RegisterClients(storage.WebClient(must("OP_CLIENT_ID"), must("OP_CLIENT_SECRET"), must("OP_REDIRECT_URI")))
	users, err := storage.StoreFromFile(usersFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatehouse-test-op: users file: %v\n", err)
		os.Exit(2)
	}
	raw, _ := os.ReadFile(usersFile)
	var extra map[string]struct{ Groups []string }
	if err := json.Unmarshal(raw, &extra); err != nil {
		fmt.Fprintf(os.Stderr, "gatehouse-test-op: users file: %v\n", err)
		os.Exit(2)
	}
	groups := map[string][]string{}
	for id, u := range extra {
		groups[id] = u.Groups
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	router := exampleop.SetupServer(issuer, &withGroups{storage.NewStorage(users), groups}, logger, false)
	// The parent reads this line to know the provider is listening.
	fmt.Printf("listening %s\n", issuer)
	if err := http.ListenAndServe(addr, router); err != nil {
		fmt.Fprintf(os.Stderr, "gatehouse-test-op: %v\n", err)
		os.Exit(1)
	}
}
