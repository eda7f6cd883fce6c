from pkg.newmod import Klass as K
