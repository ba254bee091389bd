"""Risk profiles of schools, anti-risk measures, school programmes and the social-well-being index.

Qt-free services that the «Риски и программы ОО» page, the school card, the start page's
attention list, the quadrant of the analytics and ``shnor risks`` all call.
"""
