"""Open data: which records are in the published data (domains opened, publication lag, consent).

[Z] 对一些社会需求度高的领域如教育、医疗等的数据信息资源开放力度较弱……基层治理的开放数据更新频率较低，其开放形式多为
静态的数据表达. Read by delivery (third-party services, process 4) and security (re-identification, process 5), so
what third parties can use and what adversaries can link are the same records.
"""

from __future__ import annotations

import numpy as np

from ..params import Params
from ..population import Population
from ..rules import shareable


def opened_domains(params: Params) -> np.ndarray:
    """Which domains' records are published (``open_data_domains``); health and care is domain 0, social welfare
    domain 1 (process 1)."""
    opened = np.ones(params.n_agencies, dtype=bool)
    closed = {"all": 0, "not_health": 1, "not_health_welfare": 2}[params.open_data_domains]
    opened[:closed] = False
    return opened


def in_open_data(pop: Population, params: Params) -> np.ndarray:
    """Open needs that are in the published data: recorded by some agency, shareable under the consent rule, in
    an opened domain, and open at least ``open_data_lag_weeks`` weeks (the data are published late: 更新频率较低;
    a need's age stands in for its record's, which can only be younger — assumption)."""
    published = pop.has_need & pop.seen.any(axis=0) & shareable(pop.consent, params.consent_required)
    published &= opened_domains(params)[np.maximum(pop.need_domain, 0)]
    if params.open_data_lag_weeks > 0:
        published &= pop.need_age >= params.open_data_lag_weeks
    return published
