"""Housing's own tables beside the event store: one MetaData for Alembic and tests."""

from sqlalchemy import MetaData

from lgnet_service import directory

metadata = MetaData()

#: The local beneficiary directory (id, municipality), shared with civic, fed by intake's events.
beneficiary_directory = directory.beneficiary_directory.to_metadata(metadata)
#: The person's consent per purpose, as intake last announced it.
beneficiary_consents = directory.beneficiary_consents.to_metadata(metadata)
