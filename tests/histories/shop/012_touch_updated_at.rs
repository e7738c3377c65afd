migration! {
    up {
        sql("CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
                    NEW.updated_at = clock_timestamp();
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
            CREATE TRIGGER products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
            CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at()");
    }
    down {
        sql("DROP TRIGGER orders_touch ON orders;
            DROP TRIGGER products_touch ON products;
            DROP TRIGGER customers_touch ON customers;
            DROP FUNCTION touch_updated_at()");
    }
}
