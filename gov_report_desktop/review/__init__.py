"""审核与汇总: the 政务公开办's desk, without Qt (the window and the CLI both use it).

    review = run_review(ReviewRequest([Path("各单位年报")], roster=read_roster(Path("名单.txt"))),
                        progress=lambda done, total: …, cancelled=lambda: …)
    review.rows          # one ReviewRow per report (and per 未报送 unit)

Layer: uses domain, storage and documents (reading goes through documents/opening.py only).
"""
