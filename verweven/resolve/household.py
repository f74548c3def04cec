"""Is the trained model about persons or about households?

Trained without labels, a model can learn the wrong class: where most candidate pairs share
an address, EM finds "same household" instead of "same person", and then a different first
name or birth date hardly counts against a link — a father and son at one address merge.
After training, the weight the model gives to a *different* first name and a *different*
birth date is checked; a weak one is reported, naming the field and the weight.
"""

import math
from typing import Any

# Fields whose disagreement must weigh clearly against a link, and how clearly (log2 m/u).
PERSON_FIELDS = ("first_name", "birth_date")
WEAKEST_ACCEPTED = -4.0


def household_warnings(model: dict[str, Any], fields: tuple[str, ...] = PERSON_FIELDS) -> list[str]:
    """Warnings for the ``fields`` whose "different" level weighs less than 1 in 16 against."""
    warnings = []
    for comparison in model.get("comparisons", []):
        name = comparison.get("output_column_name")
        if name not in fields:
            continue
        different = comparison["comparison_levels"][-1]
        m, u = different.get("m_probability"), different.get("u_probability")
        if not m or not u:
            continue  # not estimated (no pairs at that level): nothing learned to distrust
        weight = math.log2(m / u)
        if weight > WEAKEST_ACCEPTED:
            warnings.append(
                f"the model weighs a different {name.replace('_', ' ')} at only {weight:+.1f} "
                f"(expected {WEAKEST_ACCEPTED:+.0f} or stronger): it may have learned households "
                "(same address, different people); check the training blocks and the profile"
            )
    return warnings
