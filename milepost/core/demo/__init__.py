"""Demo content for `milepost load_demo`: the texts as data, and a photo generator."""
