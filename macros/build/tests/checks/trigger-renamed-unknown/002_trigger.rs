migration! {
    createTrigger("posts", "postsTouch", { when: "before", operation: "update", level: "row" }, "BEGIN RETURN NEW; END");
}
