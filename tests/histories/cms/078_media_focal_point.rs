migration! {
    up {
        sql("CREATE TYPE focal_point AS (x real, y real)");
        addColumns("media", { focal: "focal_point" });
        addConstraint("media", "media_focal_in_frame", {
            check: "focal IS NULL OR ((focal).x BETWEEN 0 AND 1 AND (focal).y BETWEEN 0 AND 1)",
        });
    }
    down {
        dropConstraint("media", "media_focal_in_frame");
        dropColumn("media", "focal");
        sql("DROP TYPE focal_point");
    }
}
