migration! {
    createTrigger("posts", "postsTouch", { when: "before", operation: "update", level: "row", function: "touchUpdateAt" });
}
