"""A value kept for an object is that object's alone, and goes with it."""

import gc
import weakref

from django.contrib.auth import get_user_model

from milepost.core.objectmemo import ObjectMemo


class Value:
    pass


def test_two_instances_of_the_same_row_keep_their_own_values(db):
    user = get_user_model().objects.create_user("editor")
    same_user = get_user_model().objects.get(pk=user.pk)
    memo = ObjectMemo()

    memo.set(user, "read in an earlier request")

    assert same_user == user
    assert memo.get(same_user, "not known") == "not known"
    assert memo.pop(user) == "read in an earlier request"
    assert memo.get(user) is None


def test_a_value_goes_when_its_object_goes():
    memo, owner, value = ObjectMemo(), Value(), Value()
    memo.set(owner, value)
    value_gone = weakref.ref(value)

    del owner, value
    gc.collect()

    assert value_gone() is None
