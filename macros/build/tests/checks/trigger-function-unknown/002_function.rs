migration! {
    createFunction("touchUpdatedAt", [], { returns: "trigger", language: "plpgsql" }, "BEGIN RETURN NEW; END");
}
