import HTTP

// The routes of signing in and of accounts, users and API tokens (the access half of "Fleet and
// access"). All but `/signin` sit behind `AuthMiddleware`.
extension Routes {
    func addAccessRoutes(to router: inout Router) {
        let admin = UserAdmin(store: store, access: access)
        let issuer = TokenIssuer(store: store, access: access)
        let passwords = PasswordChange(store: store, access: access)

        let sessions = SessionsPages(templates: templates, signIn: SignIn(store: store, access: access), store: store)
        router.get("/signin", use: sessions.show)
        router.post("/signin", use: sessions.submit)
        router.post("/signout", use: sessions.signOut)

        let account = AccountPages(templates: templates, passwords: passwords)
        router.get(AccountPages.path, use: account.show)
        router.post(AccountPages.path, use: account.submit)

        let users = UsersPages(templates: templates, admin: admin, store: store)
        router.get("/users", use: users.list)
        router.post("/users", use: users.create)
        router.get("/users/new", use: users.new)
        router.get("/users/:id", use: users.edit)
        router.post("/users/:id", use: users.update)
        router.post("/users/:id/memberships", use: users.setRole)
        router.post("/users/:id/memberships/:groupID/delete", use: users.removeRole)

        let tokens = TokensPages(templates: templates, issuer: issuer, store: store)
        router.get(TokensPages.path, use: tokens.list)
        router.post(TokensPages.path, use: tokens.create)
        router.post("/tokens/:id/revoke", use: tokens.revoke)

        router.group("/api/v1") { api in
            let accountAPI = AccountAPI(passwords: passwords, access: access)
            api.get("/account", use: accountAPI.show)
            api.post("/account/password", use: accountAPI.changePassword)

            let usersAPI = UsersAPI(admin: admin)
            api.get("/users", use: usersAPI.list)
            api.post("/users", use: usersAPI.create)
            api.get("/users/:id", use: usersAPI.show)
            api.patch("/users/:id", use: usersAPI.update)
            api.put("/users/:id/memberships/:groupID", use: usersAPI.setMembership)
            api.delete("/users/:id/memberships/:groupID", use: usersAPI.removeMembership)

            let tokensAPI = TokensAPI(issuer: issuer, access: access)
            api.get("/tokens", use: tokensAPI.list)
            api.post("/tokens", use: tokensAPI.create)
            api.delete("/tokens/:id", use: tokensAPI.revoke)
        }
    }
}
