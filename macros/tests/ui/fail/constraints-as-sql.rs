pgbatch::migration! {
    addConstraint("posts", "a", "CHEK (price > 0)");
    addConstraint("posts", "b", "CHECK (price > 0); DROP TABLE posts");
    addConstraint("posts", "c", { exclude: "USING gist (during WITH &&" });
    renameIndex("posts_idx");
    createIndex("posts", "title", { nulls: "not distinct" });
}

fn main() {}
