// Finance asked who changed which price when; a trigger answers without app changes.
migration! {
    up {
        createTable("price_changes", {
            id: "id",
            variantPriceId: { type: "bigint", notNull: true },
            oldAmount: "numeric(12,2)",
            newAmount: "numeric(12,2)",
            changedBy: { type: "text", notNull: true, default: func("current_user") },
            changedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        sql("CREATE FUNCTION log_price_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO price_changes (variant_price_id, old_amount, new_amount)
                VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.amount END, NEW.amount);
                RETURN NULL;
            END $$;
            CREATE TRIGGER variant_prices_log AFTER INSERT OR UPDATE OF amount ON variant_prices
                FOR EACH ROW EXECUTE FUNCTION log_price_change()");
    }
    down {
        sql("DROP TRIGGER variant_prices_log ON variant_prices;
            DROP FUNCTION log_price_change()");
        dropTable("price_changes");
    }
}
