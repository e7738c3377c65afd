migration! {
    up {
        sql("ALTER TABLE variant_prices ADD CONSTRAINT variant_prices_no_overlap
                EXCLUDE USING gist (variant_id WITH =, currency WITH =, valid_during WITH &&)");
    }
    down {
        dropConstraint("variant_prices", "variant_prices_no_overlap");
    }
}
