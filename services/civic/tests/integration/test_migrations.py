from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from civic.projections import TABLES


async def test_the_migrations_create_every_read_model_as_the_code_declares_it(
    db: AsyncEngine,
) -> None:
    reflected = MetaData()
    async with db.connect() as conn:
        names = [t.name for t in TABLES] + ["beneficiary_directory"]
        await conn.run_sync(lambda sync: reflected.reflect(sync, only=names))
    for table in TABLES:
        columns = reflected.tables[table.name].columns
        assert sorted(c.name for c in columns) == sorted(c.name for c in table.columns)
        for column in table.columns:
            assert columns[column.name].nullable == column.nullable, column
    assert "beneficiary_directory" in reflected.tables
