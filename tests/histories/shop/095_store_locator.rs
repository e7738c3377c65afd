// "Pick up in store": warehouses double as stores, found by distance.
// The DSL does not know earthdistance's types; `earth` is written schema-qualified.
migration! {
    createExtension("cube");
    createExtension("earthdistance");
    addColumns("warehouses", {
        latitude: { type: "double precision", check: "latitude BETWEEN -90 AND 90" },
        longitude: { type: "double precision", check: "longitude BETWEEN -180 AND 180" },
        location: "public.earth",
        pickupEnabled: { type: "boolean", notNull: true, default: false },
    });
    createIndex("warehouses", [func("ll_to_earth(latitude, longitude)")], { method: "gist", name: "warehouses_location_idx", where: "pickup_enabled" });
}
