migration! {
    createFunction("touch", [], { returns: "trigger", language: "plpgsql" }, "BEGIN RETURN NEW; END");
    createTrigger("post", "postsTouch", { when: "before", operation: "update", level: "row", function: "touch" });
}
