// Stock is counted per warehouse: the key of inventory becomes (variant, warehouse).
migration! {
    up {
        addColumns("inventory", { warehouseId: { type: "integer", references: "warehouses(id)", onDelete: "restrict" } });
        addColumns("inventory_movements", { warehouseId: { type: "integer", references: "warehouses(id)", onDelete: "restrict" } });
        sql("UPDATE inventory SET warehouse_id = (SELECT id FROM warehouses WHERE code = 'MAIN');
            UPDATE inventory_movements SET warehouse_id = (SELECT id FROM warehouses WHERE code = 'MAIN')");
        alterColumn("inventory", "warehouseId", { notNull: true });
        alterColumn("inventory_movements", "warehouseId", { notNull: true });
        dropConstraint("inventory", "inventory_pkey");
        addConstraint("inventory", "inventory_pkey", { primaryKey: ["variantId", "warehouseId"] });
        sql("CREATE OR REPLACE FUNCTION apply_inventory_movement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO inventory AS i (variant_id, warehouse_id, on_hand)
                VALUES (NEW.variant_id, NEW.warehouse_id, greatest(NEW.delta, 0))
                ON CONFLICT (variant_id, warehouse_id) DO UPDATE
                    SET on_hand = i.on_hand + NEW.delta, updated_at = now();
                RETURN NEW;
            END $$");
    }
    down {
        sql("CREATE OR REPLACE FUNCTION apply_inventory_movement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO inventory AS i (variant_id, on_hand)
                VALUES (NEW.variant_id, greatest(NEW.delta, 0))
                ON CONFLICT (variant_id) DO UPDATE
                    SET on_hand = i.on_hand + NEW.delta, updated_at = now();
                RETURN NEW;
            END $$;
            DELETE FROM inventory i USING warehouses w WHERE w.id = i.warehouse_id AND w.code <> 'MAIN'");
        dropConstraint("inventory", "inventory_pkey");
        addConstraint("inventory", "inventory_pkey", { primaryKey: "variantId" });
        dropColumn("inventory_movements", "warehouseId");
        dropColumn("inventory", "warehouseId");
    }
}
