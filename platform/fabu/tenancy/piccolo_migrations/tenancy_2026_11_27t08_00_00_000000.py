"""Units are created through one narrow security-definer function; the app loses INSERT on ``tenants``.

The tenant policy on ``tenants`` let the app role insert a unit row whenever it first scoped its
transaction to the new id: a wider door than creating units needs. The function inserts one row and
nothing else, only from a transaction with no unit set (a request already scoped to a unit cannot
create another), and, being the owner's, passes the owner's policy.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import APP_GROUP

ID = "2026-11-27T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenancy: create a unit through a security-definer function only"

SQL = f"""
CREATE FUNCTION platform_create_tenant(p_code text, p_name text, p_name_en text) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    created uuid;
BEGIN
    IF nullif(current_setting('fabu.tenant_id', true), '') IS NOT NULL THEN
        RAISE EXCEPTION 'units are created only from a transaction with no unit set'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO tenants (code, name, name_en) VALUES (p_code, p_name, p_name_en) RETURNING id INTO created;
    RETURN created;
END $$;
REVOKE ALL ON FUNCTION platform_create_tenant(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_create_tenant(text, text, text) TO {APP_GROUP};
REVOKE INSERT ON tenants FROM {APP_GROUP};
"""

forwards = sql_migration(ID, "tenancy", DESCRIPTION, SQL)
