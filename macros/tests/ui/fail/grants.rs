pgbatch::migration! {
    createRole("a", { login: "yes", limit: "five" });
    grantOnTables({ privileges: ["select", "delet"], tables: "posts", roles: "a" });
    grantOnTables({ privileges: "select", tables: "ALL", roles: "a" });
    grantOnSchemas({ privileges: "select", schemas: "public", roles: "a" });
    grantRoles([], "a");
    revokeOnTables({ privileges: "select", tables: "posts" });
    down { sql("SELECT 1"); }
}

fn main() {}
