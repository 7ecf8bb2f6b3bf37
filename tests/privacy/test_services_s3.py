"""Erasure on S3-compatible media storage (moto's server on 127.0.0.1): the objects are gone."""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from milepost.privacy.services import person_data_erase_all
from tests.privacy.conftest import EMAIL

BUCKET = "milepost-media"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_bucket(settings):
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = credentials["aws_access_key_id"]
    settings.AWS_SECRET_ACCESS_KEY = credentials["aws_secret_access_key"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.mark.django_db(transaction=True)
def test_the_story_images_and_renditions_leave_the_bucket(s3_bucket, person, editor_user):
    before = _keys(s3_bucket)
    assert any(key.startswith("original_images/") for key in before)
    assert any(key.startswith("images/") for key in before)  # the rendition

    person_data_erase_all(EMAIL, actor=editor_user)

    assert _keys(s3_bucket) == []
