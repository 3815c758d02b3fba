"""Casualty counts from news phrasing (actorgraph.extract.casualties)."""

import pytest

from actorgraph.extract.casualties import find_casualties, read_number


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injured"),
    [
        ("At least 100 people were killed in a suicide bombing at a mosque.", 100, None),
        ("The blast ripped through the market, killing nine and wounding 12.", 9, 12),
        ("By evening the death toll rose to 31.", 31, None),
        ("By Sunday the toll had risen to 137, including three children.", 137, None),
        (
            "Somalia's health minister said 117 others were wounded, 15 of them critically.",
            None,
            117,
        ),
        ("Somali forces end 30-hour siege; at least 21 dead", 21, None),
        ("More than 140 people were injured, and dozens remain in hospital.", None, 140),
        ("in which more than 330 people were killed, over half of them children", 330, None),
        ("a truck bomb exploded, killing more than 500 people", 500, None),
        ("an attack that killed around 75 people at a park", 75, None),
        ("Gunmen killed 1,250 villagers.", 1250, None),
        ("Two dozen people were killed in the attack.", 24, None),
        ("Three hundred people were killed.", 300, None),
        ("The blast killed forty-five soldiers.", 45, None),
        ("Twenty-two people were killed.", 22, None),
        ("A car bomb in the same market in June 2021 killed 14 people.", 14, None),
        ("Gunmen who raided the town in 2019 killed 12 villagers.", 12, None),
        ("More than 2000 people were killed.", 2000, None),
    ],
)
def test_casualties_read_lower_bounds(sentence, fatalities, injured):
    found = find_casualties(sentence)
    assert (found.fatalities, found.injured) == (fatalities, injured)


@pytest.mark.parametrize(
    "sentence",
    [
        "Their attacks have killed thousands of civilians.",
        "The fighting has killed tens of thousands of people.",
        "Officials initially said 333 pupils were missing.",
        "More than 300 students snatched from a school have been freed.",
        "Out of the 262 attacks last year, 86 were carried out by the TTP.",
        "",
    ],
)
def test_casualties_vague_or_absent_give_nothing(sentence):
    found = find_casualties(sentence)
    assert (found.fatalities, found.injured) == (None, None)


# --- victims counted from the parse --------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        ("The gunmen fought a battle in which five guards and two inmates were killed.", 7),
        ("A senior police officer and his guard were shot dead on Monday evening.", 2),
        ("Barajas and two of his bodyguards were killed; a third bodyguard was wounded.", 3),
        ("Gunmen abducted the chief late on Monday and shot dead two of his guards.", 2),
        ("AQAP claimed an attack on a checkpoint, killing three soldiers and a policeman.", 4),
        ("A street vendor was killed when the bomb exploded.", 1),
        ("Wazir and his guard, Constable Rehmat Ullah, died on the spot.", 2),
        ("By Tuesday night a 22-year-old conductor was dead.", 1),
        ("The gunmen killed a dozen villagers.", 12),
        ("Two farmers were stabbed to death in the field.", 2),
        ("Two more bodies were found, bringing the number of dead to 16.", 16),
        ("The number of dead rose to 16 on Saturday.", 16),
        ("More than two dozen candidates have been killed across Mexico.", 24),
        (
            "A junta fighter jet bombed Ywar Thit village in Kani Township, Sagaing Region, on "
            "Tuesday afternoon, killing 14 civilians, among them five children.",
            14,
        ),
    ],
)
def test_victims_of_a_killing_add_up(nlp, sentence, fatalities):
    parsed = next(nlp(sentence).sents)
    assert find_casualties(sentence, parsed).fatalities == fatalities


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence",
    [
        "Three attackers were killed.",  # attackers alone: tolls leave them out
        "Many of them were killed in the attack.",
        "He said the war had killed his brother and thousands of others.",  # a plural uncounted
        "The company said the project was killed by the outage.",
        "Civilians were killed in the raid.",
        # a figure someone claimed is the claimant's, not the toll
        "The group claimed that more than 100 security personnel had been killed.",
    ],
)
def test_victims_without_a_number_give_no_count(nlp, sentence):
    parsed = next(nlp(sentence).sents)
    assert find_casualties(sentence, parsed).fatalities is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        ("No one was killed, but two workers suffered burns.", 0),
        ("Nobody was killed in the blast.", 0),
        ("No soldiers were killed, the army said.", 0),
        ("None of the passengers were killed.", 0),
        # a count beside the none is the count
        ("No one was injured, but a guard was killed.", 1),
        ("No one claimed the attack, which killed one soldier.", 1),
    ],
)
def test_a_toll_of_none_is_zero_not_one(nlp, sentence, fatalities):
    parsed = next(nlp(sentence).sents)
    assert find_casualties(sentence, parsed).fatalities == fatalities


def test_no_one_is_not_a_count_of_one_without_the_parse():
    assert find_casualties("No one was killed in the attack.").fatalities is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        (
            "The death toll from a car bombing in the north-eastern Syrian town of Tal Tamr rose "
            "to seven on Sunday, local health officials said.",
            7,
        ),
        ("The toll from Saturday's attack on the market in the town has risen to 31.", 31),
        ("The death toll from the bombing of the market stands at 12.", 12),
        ("The toll of the war on the economy rose to 5 percent.", None),
    ],
)
def test_the_figure_a_toll_reaches_however_long_its_phrase(nlp, sentence, fatalities):
    parsed = next(nlp(sentence).sents)
    assert find_casualties(sentence, parsed).fatalities == fatalities


@pytest.mark.parametrize(
    ("word", "value"),
    [("12", 12), ("1,200", 1200), ("٣", 3), ("twenty-two", 22), ("²³", None), ("9²", None)],
)
def test_a_number_is_read_from_decimal_digits_or_words_only(word, value):
    assert read_number(word) == value


@pytest.mark.parametrize(
    "sentence, fatalities",
    [
        # the claimant's figure is no toll, the rest of the sentence gives one
        (
            "ISWAP fighters killed 20 soldiers in an attack on a base on Sunday, military sources "
            "said, while the group claimed to have killed 40.",
            20,
        ),
        ("The group claimed that more than 100 soldiers had been killed.", None),
        ("It said its fighters had killed 40 apostate soldiers.", None),
    ],
)
def test_a_figure_told_in_a_claim_is_not_the_toll(nlp, sentence, fatalities):
    parsed = next(nlp(sentence).sents)
    assert find_casualties(sentence, parsed).fatalities == fatalities
