"""Short stop-word lists for the portable key-phrase extraction (used when not on PostgreSQL).

They hold the function words of each language, lower-cased and without elision
marks; PostgreSQL's `english` and `french` configurations carry their own lists.
"""

ENGLISH = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    even few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just let me more most much must my myself no nor not
    now of off on once only or other our ours ourselves out over own same shall she should
    so some such than that the their theirs them themselves then there these they this
    those through to too under until up upon us very was we were what when where which
    while who whom why will with would you your yours yourself yourselves
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

FRENCH = frozenset(
    """
    a afin ai aie aient ainsi alors au aucun aupres auquel aussi autre autres aux avaient
    avais avait avant avec avoir ayant c ce ceci cela celle celles celui ces cet cette ceux
    chaque comme comment d dans de des donc dont du elle elles en encore entre est et etaient
    etait etant ete etre eu eux faire fait il ils j je jusqu l la laquelle le lequel les
    lesquels leur leurs lui m ma mais me meme memes mes moi mon n ne ni nos notre nous on ont
    ou par parce pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui
    s sa sans se selon sera serait ses si son sont sous sur t ta te tes toi ton tous tout
    toute toutes tres tu un une vos votre vous y à ça été être très même mêmes où déjà
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

BY_LANGUAGE = {"en": ENGLISH, "fr": FRENCH}
