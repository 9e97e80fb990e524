"""A narrow door for creating a unit: a security-definer function, not a wider grant on ``tenants``.

Onboarding creates units from a platform administrator's request, as the app role. The function
inserts one ``tenants`` row and nothing else, and only from a transaction with no unit set, so a
request already scoped to a unit cannot create another. Being the owner's, it passes the owner's
policy on ``tenants``.
"""

from fabu.db.migrations import sql_migration
from fabu.db.sql import APP_GROUP

ID = "2026-11-27T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "onboarding: create a unit through a security-definer function"

SQL = f"""
CREATE FUNCTION onboarding_create_tenant(p_code text, p_name text, p_name_en text) RETURNS uuid
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
REVOKE ALL ON FUNCTION onboarding_create_tenant(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onboarding_create_tenant(text, text, text) TO {APP_GROUP};
"""

forwards = sql_migration(ID, "onboarding", DESCRIPTION, SQL)
