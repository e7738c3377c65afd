pgbatch::migration! {
    alterView("users", { options: { securityBarier: true } });
    alterView("users", {});
    alterViewColumn("users", "email", {});
    alterMaterializedView("counts", {});
    alterDomain("email", { collation: "C" });
    alterDomain("email", { notNull: true, allowNull: true });
    alterDomain("email", { constraintName: "emailHasAt" });
    alterRole("app", { inRole: "admin" });
    alterPolicy("posts", "own", {});
    alterTable("posts", { unlogged: "yes" });
    createOperator("=>=x", { procedure: "f", right: "int" });
    createOperator("===", { left: "int" });
    createOperator("===", { procedure: "f", left: "int" });
    createOperatorClass("c", "text", "btree", [{ type: "op", number: 1, name: "<" }]);
    createOperatorClass("c", "text", "btree", [{ type: "function", number: 1, name: "cmp" }]);
    addToOperatorFamily("f", "btree", [{ type: "operator", number: 1, name: "<" }]);
    createCast("text", "int", { functionName: "f", inout: true });
    createCast("text", "int", { as: "explicit" });
    createTable("t", { a: "text" }, { temporary: true, unlogged: true });
    createTable("t", {}, { like: { table: "s", options: { including: "everything" } } });
    createView("v", { options: { fillfactor: 1 } }, "SELECT 1");
    createTable("u", {
        a: { type: "int", generated: "always", sequenceGenerated: { precedence: "ALWAYS" } },
        b: { type: "text", array: "yes" },
        c: { type: "bigint", references: "users", referencesConstraintComment: "who" },
    });
    createRole("app", { password: "x", encrypted: false });
    alterColumn("t", "a", { collation: "C" });
    alterColumn("t", "a", { notNull: true, allowNull: true });
    alterColumn("t", "a", { sequenceGenerated: { expression: "1" } });
    noTransaction();
    down { noop; }
}

fn main() {}
